// Parses each file given with HashiCorp's HCL grammar (hcl2json, the Go
// parser compiled to WebAssembly); exits 1 at the first file that does not parse.
const fs = require("fs");
const { parse } = require("@cdktf/hcl2json");

(async () => {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error("usage: node hcl-parse.cjs FILE...");
    process.exit(2);
  }
  for (const file of files) {
    try {
      const json = await parse(file, fs.readFileSync(file, "utf8"));
      if (json === null || typeof json !== "object") throw new Error("no HCL body");
    } catch (e) {
      console.error(`${file}: does not parse as HCL: ${e}`);
      process.exit(1);
    }
  }
  console.log(`parsed ${files.length} file(s) with the HCL grammar`);
})();
