//! Streaming reader for AWS bulk offer files
//! (`…/offers/v1.0/aws/{offer}/current/{region}/index.json`).
//!
//! These files reach hundreds of megabytes, so the reader never holds the
//! document: a hand-written scanner walks a fixed-size buffer, copies only the
//! few strings it needs (product attributes the catalog matches on, the SKUs of
//! matched products, their on-demand price dimensions) and skips everything
//! else — reserved terms, descriptions, unmatched SKUs — without allocating.
//! Memory is the buffer plus the matched SKUs, whatever the file's size.

use super::catalog::Catalog;
use super::pricelist::{
    is_on_demand_term, parse_decimal, Dimension, InstanceFacts, SkuPrice, PRODUCT_FAMILY,
    SERVICE_CODE,
};
use memchr::memchr2;
use std::collections::HashMap;
use std::io::{Read, Seek, SeekFrom};

const CHUNK: usize = 1 << 20;

/// A malformed file, at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanError {
    pub offset: u64,
    pub message: String,
}

impl std::fmt::Display for ScanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "byte {}: {}", self.offset, self.message)
    }
}

type Result<T> = std::result::Result<T, ScanError>;

/// What a scan found.
#[derive(Debug, Default)]
pub struct OfferScan {
    /// The file's `offerCode` ("AmazonRDS") and where it is.
    pub offer_code: Option<(String, u64)>,
    pub publication_date: Option<String>,
    /// For each candidate entry (catalog index), the on-demand prices of the
    /// products that carry its attributes.
    pub prices: HashMap<usize, Vec<SkuPrice>>,
    pub products: u64,
    pub bytes: u64,
}

// Byte classes for skipping values.
const WS: u8 = 0;
const OK: u8 = 1;
const QUOTE: u8 = 2;
const OPEN: u8 = 3;
const CLOSE: u8 = 4;
const BAD: u8 = 5;

const CLASS: [u8; 256] = {
    let mut t = [BAD; 256];
    t[b' ' as usize] = WS;
    t[b'\t' as usize] = WS;
    t[b'\n' as usize] = WS;
    t[b'\r' as usize] = WS;
    t[b'"' as usize] = QUOTE;
    t[b'{' as usize] = OPEN;
    t[b'[' as usize] = OPEN;
    t[b'}' as usize] = CLOSE;
    t[b']' as usize] = CLOSE;
    let ok = b",:-+.0123456789eEtrufalsn";
    let mut i = 0;
    while i < ok.len() {
        t[ok[i] as usize] = OK;
        i += 1;
    }
    t
};

struct Scanner<'p, R> {
    reader: R,
    buf: Box<[u8]>,
    pos: usize,
    len: usize,
    /// File offset of `buf[0]`.
    base: u64,
    eof: bool,
    stack: Vec<u8>,
    progress: Option<&'p mut dyn FnMut(u64)>,
}

impl<'p, R: Read> Scanner<'p, R> {
    fn new(reader: R, base: u64, progress: Option<&'p mut dyn FnMut(u64)>) -> Self {
        Scanner {
            reader,
            buf: vec![0u8; CHUNK].into_boxed_slice(),
            pos: 0,
            len: 0,
            base,
            eof: false,
            stack: Vec::with_capacity(64),
            progress,
        }
    }

    fn offset(&self) -> u64 {
        self.base + self.pos as u64
    }

    /// Offset of the next value (after any whitespace).
    fn value_offset(&mut self) -> Result<u64> {
        self.peek()?;
        Ok(self.offset())
    }

    fn err<T>(&self, message: impl Into<String>) -> Result<T> {
        Err(ScanError {
            offset: self.offset(),
            message: message.into(),
        })
    }

    fn truncated<T>(&self) -> Result<T> {
        self.err("unexpected end of file (truncated download?)")
    }

    /// Reads the next chunk once everything in the buffer is consumed.
    /// Returns false at end of file.
    fn refill(&mut self) -> Result<bool> {
        debug_assert!(self.pos >= self.len);
        if self.eof {
            return Ok(false);
        }
        self.base += self.len as u64;
        self.pos = 0;
        self.len = 0;
        loop {
            match self.reader.read(&mut self.buf) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.len = n;
                    if let Some(p) = self.progress.as_mut() {
                        p(self.base + n as u64);
                    }
                    return Ok(true);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return self.err(format!("cannot read: {e}")),
            }
        }
    }

    /// The next byte that is not whitespace, not consumed; `None` at end of file.
    fn peek(&mut self) -> Result<Option<u8>> {
        loop {
            while self.pos < self.len {
                let b = self.buf[self.pos];
                if CLASS[b as usize] != WS {
                    return Ok(Some(b));
                }
                self.pos += 1;
            }
            if !self.refill()? {
                return Ok(None);
            }
        }
    }

    fn expect(&mut self, want: u8, what: &str) -> Result<()> {
        match self.peek()? {
            Some(b) if b == want => {
                self.pos += 1;
                Ok(())
            }
            Some(b) => self.err(format!("expected {what}, found {}", shown(b))),
            None => self.truncated(),
        }
    }

    fn next_raw(&mut self) -> Result<u8> {
        if self.pos >= self.len && !self.refill()? {
            return self.truncated();
        }
        let b = self.buf[self.pos];
        self.pos += 1;
        Ok(b)
    }

    /// Reads a string value (the opening quote next) into `out`, unescaped.
    fn read_string(&mut self, out: &mut Vec<u8>) -> Result<()> {
        out.clear();
        self.expect(b'"', "a string")?;
        loop {
            let slice = &self.buf[self.pos..self.len];
            match memchr2(b'"', b'\\', slice) {
                Some(i) => {
                    out.extend_from_slice(&slice[..i]);
                    let stop = slice[i];
                    self.pos += i + 1;
                    if stop == b'"' {
                        return Ok(());
                    }
                    self.read_escape(out)?;
                }
                None => {
                    out.extend_from_slice(slice);
                    self.pos = self.len;
                    if !self.refill()? {
                        return self.truncated();
                    }
                }
            }
        }
    }

    fn read_escape(&mut self, out: &mut Vec<u8>) -> Result<()> {
        let c = self.next_raw()?;
        let simple = match c {
            b'"' => b'"',
            b'\\' => b'\\',
            b'/' => b'/',
            b'b' => 8,
            b'f' => 12,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'u' => {
                let mut code = self.hex4()?;
                if (0xD800..0xDC00).contains(&code) {
                    // A surrogate pair: \uD83D\uDE00.
                    if self.next_raw()? != b'\\' || self.next_raw()? != b'u' {
                        return self.err("unpaired surrogate in a \\u escape");
                    }
                    let low = self.hex4()?;
                    code = 0x10000 + ((code - 0xD800) << 10) + (low.wrapping_sub(0xDC00) & 0x3FF);
                }
                let ch = char::from_u32(code).unwrap_or('\u{FFFD}');
                let mut tmp = [0u8; 4];
                out.extend_from_slice(ch.encode_utf8(&mut tmp).as_bytes());
                return Ok(());
            }
            other => return self.err(format!("invalid escape \\{}", shown(other))),
        };
        out.push(simple);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32> {
        let mut v = 0u32;
        for _ in 0..4 {
            let b = self.next_raw()?;
            let d = (b as char).to_digit(16);
            match d {
                Some(d) => v = v * 16 + d,
                None => return self.err("invalid \\u escape"),
            }
        }
        Ok(v)
    }

    /// Skips the rest of a string whose opening quote is consumed.
    fn skip_string_body(&mut self) -> Result<()> {
        loop {
            let slice = &self.buf[self.pos..self.len];
            match memchr2(b'"', b'\\', slice) {
                Some(i) => {
                    let stop = slice[i];
                    self.pos += i + 1;
                    if stop == b'"' {
                        return Ok(());
                    }
                    // Whatever is escaped, it is one byte (\uXXXX is followed by plain hex).
                    self.next_raw()?;
                }
                None => {
                    self.pos = self.len;
                    if !self.refill()? {
                        return self.truncated();
                    }
                }
            }
        }
    }

    /// Skips one value of any kind, checking brackets and rejecting bytes that
    /// cannot appear in JSON outside strings.
    fn skip_value(&mut self) -> Result<()> {
        match self.peek()? {
            None => self.truncated(),
            Some(b'"') => {
                self.pos += 1;
                self.skip_string_body()
            }
            Some(b'{') | Some(b'[') => self.skip_nested(),
            Some(b) if CLASS[b as usize] == OK && !matches!(b, b',' | b':') => self.skip_scalar(),
            Some(b) => self.err(format!("expected a value, found {}", shown(b))),
        }
    }

    fn skip_scalar(&mut self) -> Result<()> {
        loop {
            while self.pos < self.len {
                let b = self.buf[self.pos];
                if CLASS[b as usize] != OK || b == b',' || b == b':' {
                    return Ok(());
                }
                self.pos += 1;
            }
            if !self.refill()? {
                return Ok(());
            }
        }
    }

    fn skip_nested(&mut self) -> Result<()> {
        self.stack.clear();
        loop {
            let len = self.len;
            let mut i = self.pos;
            let mut moved = false;
            while i < len {
                let b = self.buf[i];
                match CLASS[b as usize] {
                    WS | OK => i += 1,
                    QUOTE => {
                        // Most strings end within the buffer: find the quote here.
                        match memchr2(b'"', b'\\', &self.buf[i + 1..len]) {
                            Some(j) if self.buf[i + 1 + j] == b'"' => i += j + 2,
                            _ => {
                                self.pos = i + 1;
                                self.skip_string_body()?;
                                moved = true;
                                break;
                            }
                        }
                    }
                    OPEN => {
                        self.stack.push(b);
                        i += 1;
                    }
                    CLOSE => {
                        let open = if b == b'}' { b'{' } else { b'[' };
                        if self.stack.pop() != Some(open) {
                            self.pos = i;
                            return self.err(format!("unexpected {}", shown(b)));
                        }
                        i += 1;
                        if self.stack.is_empty() {
                            self.pos = i;
                            return Ok(());
                        }
                    }
                    _ => {
                        self.pos = i;
                        return self.err(format!("unexpected {} (not JSON)", shown(b)));
                    }
                }
            }
            if !moved {
                self.pos = i;
            }
            if self.pos >= self.len {
                self.pos = self.len;
                if !self.refill()? {
                    return self.truncated();
                }
            }
        }
    }

    /// In an object: consumes `,` or `}` and reads the next key and its `:`.
    /// Returns false when the object ends.
    fn next_key(&mut self, key: &mut Vec<u8>, first: &mut bool) -> Result<bool> {
        match self.peek()? {
            None => return self.truncated(),
            Some(b'}') => {
                self.pos += 1;
                return Ok(false);
            }
            Some(b',') if !*first => self.pos += 1,
            Some(b'"') if *first => {}
            Some(b) => {
                return self.err(format!(
                    "expected {}, found {}",
                    if *first { "a key or '}'" } else { "',' or '}'" },
                    shown(b)
                ))
            }
        }
        *first = false;
        self.read_string(key)?;
        self.expect(b':', "':'")?;
        Ok(true)
    }
}

fn shown(b: u8) -> String {
    if b.is_ascii_graphic() {
        format!("'{}'", b as char)
    } else {
        format!("byte 0x{b:02x}")
    }
}

/// One catalog entry compiled for fast matching: (slot, value) pairs.
struct Compiled {
    entry: usize,
    family: Option<Vec<u8>>,
    conds: Vec<(usize, Vec<u8>)>,
}

struct Matcher {
    /// Attribute names any entry matches on; their index is the slot.
    names: Vec<Vec<u8>>,
    entries: Vec<Compiled>,
}

impl Matcher {
    fn new(catalog: &Catalog, candidates: &[usize]) -> Matcher {
        let mut names: Vec<Vec<u8>> = Vec::new();
        let mut entries = Vec::new();
        for &i in candidates {
            let e = &catalog.entries[i];
            let mut family = None;
            let mut conds = Vec::new();
            for (k, v) in &e.match_attributes {
                if k == PRODUCT_FAMILY {
                    family = Some(v.as_bytes().to_vec());
                    continue;
                }
                let slot = match names.iter().position(|n| n == k.as_bytes()) {
                    Some(s) => s,
                    None => {
                        names.push(k.as_bytes().to_vec());
                        names.len() - 1
                    }
                };
                conds.push((slot, v.as_bytes().to_vec()));
            }
            // Check the most selective attribute first.
            conds.sort_by_key(|(slot, _)| usize::from(names[*slot] != b"usagetype"));
            entries.push(Compiled {
                entry: i,
                family,
                conds,
            });
        }
        // Read besides the attributes matched on: the instance facts.
        for fact in [&b"memory"[..], &b"vcpu"[..]] {
            if !names.iter().any(|n| n == fact) {
                names.push(fact.to_vec());
            }
        }
        Matcher { names, entries }
    }

    fn slot(&self, key: &[u8]) -> Option<usize> {
        self.names.iter().position(|n| n.as_slice() == key)
    }
}

/// Per-product scratch: the values of the attributes in the matcher's slots.
struct ProductScratch {
    family: Vec<u8>,
    has_family: bool,
    values: Vec<Vec<u8>>,
    set: Vec<bool>,
}

/// Scans an offer file and collects the on-demand prices of the products
/// that carry the attributes of the `candidates` entries.
pub fn scan<R: Read + Seek>(
    mut reader: R,
    catalog: &Catalog,
    candidates: &[usize],
    mut progress: Option<&mut dyn FnMut(u64)>,
) -> Result<OfferScan> {
    let matcher = Matcher::new(catalog, candidates);
    let mut out = OfferScan::default();
    // SKU → entries it matched.
    let mut wanted: HashMap<Vec<u8>, Vec<usize>> = HashMap::new();
    let mut facts_of: HashMap<Vec<u8>, InstanceFacts> = HashMap::new();
    let mut found: HashMap<Vec<u8>, Vec<Dimension>> = HashMap::new();
    let mut deferred_terms: Option<u64> = None;
    let mut products_done = false;
    let end;
    {
        let p: Option<&mut dyn FnMut(u64)> = match progress {
            Some(ref mut f) => Some(&mut **f),
            None => None,
        };
        let mut s = Scanner::new(&mut reader, 0, p);
        match s.peek()? {
            None => return s.err("the file is empty; expected an AWS offer file (JSON)"),
            Some(b'{') => s.pos += 1,
            Some(b) => {
                return s.err(format!(
                    "not an AWS offer file: expected a JSON object ('{{'), found {}",
                    shown(b)
                ))
            }
        }
        let mut key = Vec::with_capacity(64);
        let mut first = true;
        while s.next_key(&mut key, &mut first)? {
            match key.as_slice() {
                b"offerCode" => {
                    let at = s.value_offset()?;
                    let mut v = Vec::new();
                    s.read_string(&mut v)?;
                    out.offer_code = Some((String::from_utf8_lossy(&v).into_owned(), at));
                }
                b"publicationDate" if s.peek()? == Some(b'"') => {
                    let mut v = Vec::new();
                    s.read_string(&mut v)?;
                    out.publication_date = Some(String::from_utf8_lossy(&v).into_owned());
                }
                b"products" => {
                    scan_products(
                        &mut s,
                        &matcher,
                        &mut wanted,
                        &mut facts_of,
                        &mut out.products,
                    )?;
                    products_done = true;
                }
                b"terms" if products_done || deferred_terms.is_some() => {
                    scan_terms(&mut s, &wanted, &mut found)?;
                }
                b"terms" => {
                    // Terms before products: come back once the SKUs are known.
                    deferred_terms = Some(s.value_offset()?);
                    s.skip_value()?;
                }
                _ => s.skip_value()?,
            }
        }
        if let Some(b) = s.peek()? {
            return s.err(format!(
                "unexpected {} after the end of the JSON document",
                shown(b)
            ));
        }
        end = s.offset();
    }
    if !products_done {
        return Err(ScanError {
            offset: end,
            message: "not an AWS offer file: it has no \"products\"".into(),
        });
    }
    if let Some(at) = deferred_terms {
        reader.seek(SeekFrom::Start(at)).map_err(|e| ScanError {
            offset: at,
            message: format!("cannot seek: {e}"),
        })?;
        let mut s = Scanner::new(&mut reader, at, None);
        scan_terms(&mut s, &wanted, &mut found)?;
    }
    out.bytes = end;
    for (sku, entries) in &wanted {
        let dims = found.remove(sku).unwrap_or_default();
        let facts = facts_of.get(sku).copied().unwrap_or_default();
        let sku = String::from_utf8_lossy(sku).into_owned();
        for &e in entries {
            out.prices.entry(e).or_default().push(SkuPrice {
                sku: sku.clone(),
                dimensions: dims.clone(),
                facts,
            });
        }
    }
    for v in out.prices.values_mut() {
        v.sort_by(|a, b| a.sku.cmp(&b.sku));
    }
    Ok(out)
}

fn scan_products<R: Read>(
    s: &mut Scanner<'_, R>,
    m: &Matcher,
    wanted: &mut HashMap<Vec<u8>, Vec<usize>>,
    facts_of: &mut HashMap<Vec<u8>, InstanceFacts>,
    count: &mut u64,
) -> Result<()> {
    s.expect(b'{', "'{' starting \"products\"")?;
    let mut sku = Vec::with_capacity(32);
    let mut key = Vec::with_capacity(64);
    let mut scratch = ProductScratch {
        family: Vec::new(),
        has_family: false,
        values: vec![Vec::new(); m.names.len()],
        set: vec![false; m.names.len()],
    };
    let mut first = true;
    while s.next_key(&mut sku, &mut first)? {
        *count += 1;
        scratch.has_family = false;
        scratch.set.iter_mut().for_each(|x| *x = false);
        s.expect(b'{', "a product object")?;
        let mut pfirst = true;
        while s.next_key(&mut key, &mut pfirst)? {
            match key.as_slice() {
                b"productFamily" if s.peek()? == Some(b'"') => {
                    s.read_string(&mut scratch.family)?;
                    scratch.has_family = true;
                }
                b"attributes" => {
                    s.expect(b'{', "an attributes object")?;
                    let mut afirst = true;
                    while s.next_key(&mut key, &mut afirst)? {
                        match m.slot(&key) {
                            Some(slot) if s.peek()? == Some(b'"') => {
                                s.read_string(&mut scratch.values[slot])?;
                                scratch.set[slot] = true;
                            }
                            _ => s.skip_value()?,
                        }
                    }
                }
                _ => s.skip_value()?,
            }
        }
        let mut hits = Vec::new();
        for c in &m.entries {
            let family_ok = match &c.family {
                None => true,
                Some(f) => scratch.has_family && scratch.family == *f,
            };
            if family_ok
                && c.conds
                    .iter()
                    .all(|(slot, v)| scratch.set[*slot] && scratch.values[*slot] == *v)
            {
                hits.push(c.entry);
            }
        }
        if !hits.is_empty() {
            let text = |name: &[u8]| {
                m.slot(name)
                    .filter(|&slot| scratch.set[slot])
                    .and_then(|slot| std::str::from_utf8(&scratch.values[slot]).ok())
            };
            facts_of.insert(
                sku.clone(),
                InstanceFacts::from_attributes(text(b"memory"), text(b"vcpu")),
            );
            wanted.entry(sku.clone()).or_default().extend(hits);
        }
    }
    Ok(())
}

fn scan_terms<R: Read>(
    s: &mut Scanner<'_, R>,
    wanted: &HashMap<Vec<u8>, Vec<usize>>,
    found: &mut HashMap<Vec<u8>, Vec<Dimension>>,
) -> Result<()> {
    s.expect(b'{', "'{' starting \"terms\"")?;
    let mut key = Vec::with_capacity(32);
    let mut first = true;
    while s.next_key(&mut key, &mut first)? {
        if key.as_slice() != b"OnDemand" {
            s.skip_value()?;
            continue;
        }
        s.expect(b'{', "an OnDemand object")?;
        let mut sku = Vec::with_capacity(32);
        let mut sfirst = true;
        while s.next_key(&mut sku, &mut sfirst)? {
            if !wanted.contains_key(&sku) {
                s.skip_value()?;
                continue;
            }
            let dims = scan_sku_terms(s)?;
            found.entry(sku.clone()).or_default().extend(dims);
        }
    }
    Ok(())
}

/// `{ "SKU.JRTCKXETXF": { "offerTermCode": …, "priceDimensions": {…} }, … }`
fn scan_sku_terms<R: Read>(s: &mut Scanner<'_, R>) -> Result<Vec<Dimension>> {
    s.expect(b'{', "an object of terms")?;
    let mut out = Vec::new();
    let mut term_key = Vec::new();
    let mut key = Vec::new();
    let mut value = Vec::new();
    let mut first = true;
    while s.next_key(&mut term_key, &mut first)? {
        s.expect(b'{', "a term object")?;
        let mut code: Option<String> = None;
        let mut dims = Vec::new();
        let mut tfirst = true;
        while s.next_key(&mut key, &mut tfirst)? {
            match key.as_slice() {
                b"offerTermCode" => {
                    s.read_string(&mut value)?;
                    code = Some(String::from_utf8_lossy(&value).into_owned());
                }
                b"priceDimensions" => {
                    s.expect(b'{', "a priceDimensions object")?;
                    let mut dfirst = true;
                    let mut rate = Vec::new();
                    while s.next_key(&mut rate, &mut dfirst)? {
                        if let Some(d) = scan_dimension(s, &rate)? {
                            dims.push(d);
                        }
                    }
                }
                _ => s.skip_value()?,
            }
        }
        if is_on_demand_term(&String::from_utf8_lossy(&term_key), code.as_deref()) {
            out.extend(dims);
        }
    }
    Ok(out)
}

fn scan_dimension<R: Read>(s: &mut Scanner<'_, R>, rate: &[u8]) -> Result<Option<Dimension>> {
    s.expect(b'{', "a price dimension object")?;
    let mut key = Vec::new();
    let mut value = Vec::new();
    let mut unit = String::new();
    let mut begin = None;
    let mut usd = None;
    let mut first = true;
    let rate = String::from_utf8_lossy(rate).into_owned();
    while s.next_key(&mut key, &mut first)? {
        match key.as_slice() {
            b"unit" => {
                s.read_string(&mut value)?;
                unit = String::from_utf8_lossy(&value).into_owned();
            }
            b"beginRange" => {
                let at = s.value_offset()?;
                s.read_string(&mut value)?;
                let text = String::from_utf8_lossy(&value);
                begin = Some(parse_decimal(&text).ok_or_else(|| ScanError {
                    offset: at,
                    message: format!(
                        "price dimension {rate} has beginRange \"{text}\", not a number"
                    ),
                })?);
            }
            b"pricePerUnit" => {
                s.expect(b'{', "a pricePerUnit object")?;
                let mut cfirst = true;
                let mut currency = Vec::new();
                while s.next_key(&mut currency, &mut cfirst)? {
                    if currency.as_slice() == b"USD" {
                        let at = s.value_offset()?;
                        s.read_string(&mut value)?;
                        let text = String::from_utf8_lossy(&value);
                        usd = Some(parse_decimal(&text).ok_or_else(|| ScanError {
                            offset: at,
                            message: format!(
                                "price dimension {rate} has USD \"{text}\", not a number"
                            ),
                        })?);
                    } else {
                        s.skip_value()?;
                    }
                }
            }
            _ => s.skip_value()?,
        }
    }
    Ok(usd.map(|usd| Dimension {
        begin_range: begin.unwrap_or_default(),
        unit,
        usd,
    }))
}

/// A product of an offer file: its family and its string attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub family: String,
    pub attributes: std::collections::BTreeMap<String, String>,
}

/// Every product of `families` in an offer file, with its attributes, for
/// `pricing import --add`: the products read once, their terms skipped.
pub fn discover<R: Read>(reader: R, families: &[&str]) -> Result<(Option<String>, Vec<Product>)> {
    let mut s = Scanner::new(reader, 0, None);
    match s.peek()? {
        Some(b'{') => s.pos += 1,
        None => return s.err("the file is empty; expected an AWS offer file (JSON)"),
        Some(b) => {
            return s.err(format!(
                "not an AWS offer file: expected a JSON object ('{{'), found {}",
                shown(b)
            ))
        }
    }
    let mut out = Vec::new();
    let mut offer_code = None;
    let mut key = Vec::with_capacity(64);
    let mut first = true;
    while s.next_key(&mut key, &mut first)? {
        match key.as_slice() {
            b"offerCode" if s.peek()? == Some(b'"') => {
                let mut v = Vec::new();
                s.read_string(&mut v)?;
                offer_code = Some(String::from_utf8_lossy(&v).into_owned());
            }
            b"products" => discover_products(&mut s, families, &mut out)?,
            _ => s.skip_value()?,
        }
    }
    Ok((offer_code, out))
}

fn discover_products<R: Read>(
    s: &mut Scanner<'_, R>,
    families: &[&str],
    out: &mut Vec<Product>,
) -> Result<()> {
    s.expect(b'{', "'{' starting \"products\"")?;
    let (mut sku, mut key, mut value) = (Vec::new(), Vec::new(), Vec::new());
    let mut first = true;
    while s.next_key(&mut sku, &mut first)? {
        s.expect(b'{', "a product object")?;
        let mut family = String::new();
        let mut attributes = std::collections::BTreeMap::new();
        let mut pfirst = true;
        while s.next_key(&mut key, &mut pfirst)? {
            match key.as_slice() {
                b"productFamily" if s.peek()? == Some(b'"') => {
                    s.read_string(&mut value)?;
                    family = String::from_utf8_lossy(&value).into_owned();
                }
                b"attributes" => {
                    s.expect(b'{', "an attributes object")?;
                    let mut afirst = true;
                    while s.next_key(&mut key, &mut afirst)? {
                        if s.peek()? == Some(b'"') {
                            s.read_string(&mut value)?;
                            attributes.insert(
                                String::from_utf8_lossy(&key).into_owned(),
                                String::from_utf8_lossy(&value).into_owned(),
                            );
                        } else {
                            s.skip_value()?;
                        }
                    }
                }
                _ => s.skip_value()?,
            }
        }
        if families.contains(&family.as_str()) {
            out.push(Product { family, attributes });
        }
    }
    Ok(())
}

/// The attribute names (besides servicecode) a bulk product is matched on.
pub fn matched_attribute_names(catalog: &Catalog, candidates: &[usize]) -> Vec<String> {
    let mut names: Vec<String> = candidates
        .iter()
        .flat_map(|&i| catalog.entries[i].match_attributes.keys().cloned())
        .filter(|k| k != SERVICE_CODE)
        .collect();
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;
    use std::io::Cursor;

    fn catalog() -> Catalog {
        let text = r#"
[[price]]
id = "aws.rds.micro"
vendor = "aws"
service = "RDS"
region = "us-east-1"
unit = "hour"
price = "0.016"
source = "https://example.com"
seen = "2026-01-01"
[price.match]
servicecode = "AmazonRDS"
productFamily = "Database Instance"
instanceType = "db.t4g.micro"
deploymentOption = "Multi-AZ"
"#;
        Catalog::parse(vec![("aws.toml".into(), text.into())]).unwrap()
    }

    const GOOD: &str = r#"{
  "formatVersion" : "v1.0", "offerCode" : "AmazonRDS", "publicationDate" : "2026-11-20T00:00:00Z",
  "products" : {
    "AAA" : { "sku" : "AAA", "productFamily" : "Database Instance", "attributes" : { "servicecode" : "AmazonRDS", "instanceType" : "db.t4g.micro", "deploymentOption" : "Multi-AZ", "nested": {"x": [1, 2]} } },
    "BBB" : { "sku" : "BBB", "productFamily" : "Database Instance", "attributes" : { "servicecode" : "AmazonRDS", "instanceType" : "db.t4g.micro", "deploymentOption" : "Multi-AZ (readable standbys)" } }
  },
  "terms" : {
    "OnDemand" : {
      "BBB" : { "BBB.JRTCKXETXF" : { "offerTermCode" : "JRTCKXETXF", "priceDimensions" : { "BBB.JRTCKXETXF.6YS6EN2CT7" : { "unit" : "Hrs", "beginRange" : "0", "pricePerUnit" : { "USD" : "0.0480000000" } } } } },
      "AAA" : { "AAA.JRTCKXETXF" : { "priceDimensions" : { "AAA.JRTCKXETXF.6YS6EN2CT7" : { "description" : "say \"hi\" \u00e9 \\", "unit" : "Hrs", "beginRange" : "0", "endRange" : "Inf", "pricePerUnit" : { "USD" : "0.0320000000", "CNY": "1" } } }, "offerTermCode" : "JRTCKXETXF" } }
    },
    "Reserved" : { "AAA" : { "AAA.HU7G6KETJZ" : { "offerTermCode" : "HU7G6KETJZ", "priceDimensions" : { "x" : { "unit" : "Quantity", "pricePerUnit" : { "USD" : "150" } } } } } }
  }
}"#;

    fn run(text: &str) -> Result<OfferScan> {
        let c = catalog();
        scan(Cursor::new(text.as_bytes().to_vec()), &c, &[0], None)
    }

    #[test]
    fn finds_the_on_demand_price_of_the_matching_product_only() {
        let r = run(GOOD).unwrap();
        assert_eq!(r.offer_code.as_ref().unwrap().0, "AmazonRDS");
        assert_eq!(r.products, 2);
        let p = &r.prices[&0];
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].sku, "AAA");
        assert_eq!(p[0].dimensions.len(), 1);
        assert_eq!(p[0].dimensions[0].usd, dec!(0.032));
    }

    #[test]
    fn terms_before_products_are_read_in_a_second_pass() {
        let (head, rest) = GOOD.split_once("\"products\"").unwrap();
        let (products, terms) = rest.split_once(",\n  \"terms\"").unwrap();
        let swapped = format!(
            "{head}\"terms\"{}, \"products\"{products}\n}}",
            terms.trim_end().trim_end_matches('}')
        );
        let r = run(&swapped).unwrap();
        assert_eq!(r.prices[&0][0].dimensions[0].usd, dec!(0.032));
    }

    #[test]
    fn a_truncated_file_is_an_error_at_its_end() {
        for cut in [10, 200, 700, GOOD.len() - 3] {
            let e = run(&GOOD[..cut]).unwrap_err();
            assert!(
                e.message.contains("truncated") || e.message.contains("expected"),
                "{cut}: {e}"
            );
            assert!(e.offset <= cut as u64, "{cut}: {e}");
        }
    }

    #[test]
    fn non_json_is_an_error_at_the_first_bad_byte() {
        let e = run("<html><body>Access Denied</body></html>").unwrap_err();
        assert_eq!(e.offset, 0);
        assert!(e.message.contains("not an AWS offer file"), "{e}");
        let bad = GOOD.replace(
            "\"Reserved\" : { \"AAA\"",
            "\"Reserved\" : { \"AAA\" : <oops>, \"Z\"",
        );
        let e = run(&bad).unwrap_err();
        assert_eq!(e.offset as usize, bad.find("<oops>").unwrap(), "{e}");
        let e = run("{\"products\": {}} trailing").unwrap_err();
        assert!(e.message.contains("after the end"), "{e}");
        let e = run("{\"offerCode\": \"AmazonRDS\"}").unwrap_err();
        assert!(e.message.contains("no \"products\""), "{e}");
    }

    #[test]
    fn strings_crossing_buffer_boundaries_are_read_whole() {
        // A padding value pushes the interesting strings across the 1 MiB boundary.
        for pad in [CHUNK - 120, CHUNK - 100, CHUNK - 80, CHUNK - 60, CHUNK - 35] {
            let text = GOOD.replacen(
                "\"formatVersion\" : \"v1.0\"",
                &format!("\"pad\" : \"{}\"", "x".repeat(pad)),
                1,
            );
            let r = run(&text).unwrap();
            assert_eq!(r.prices[&0][0].dimensions[0].usd, dec!(0.032), "pad {pad}");
        }
    }
}
