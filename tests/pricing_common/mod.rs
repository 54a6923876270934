//! Test helpers: a temporary copy of a price catalog, the binary run with a
//! clean AWS environment, and a mock AWS Price List endpoint on 127.0.0.1.
#![allow(dead_code)]

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pricing")
        .join(name)
}

/// A temporary folder with a copy of the catalog folder `from`.
pub struct Catalog {
    pub dir: tempfile::TempDir,
}

impl Catalog {
    pub fn copy_of(from: &Path) -> Catalog {
        let dir = tempfile::tempdir().unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "toml") {
                std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
            }
        }
        Catalog { dir }
    }

    pub fn test_catalog() -> Catalog {
        Catalog::copy_of(&fixture("catalog"))
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(name)).unwrap()
    }

    /// Every file of the folder, by name (to compare before and after).
    pub fn snapshot(&self) -> Vec<(String, Vec<u8>)> {
        let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| {
                let p = e.unwrap().path();
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect();
        out.sort();
        out
    }
}

/// The binary, with no AWS configuration but what the test gives it.
pub fn archplan(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_archplan"));
    for (k, _) in std::env::vars() {
        if k.starts_with("AWS_") || k.starts_with("ARCHPLAN_") {
            c.env_remove(k);
        }
    }
    c.env("HOME", home)
        .env("AWS_CONFIG_FILE", home.join("no-such-config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            home.join("no-such-credentials"),
        )
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("ARCHPLAN_TODAY", "2026-11-25")
        .env("ARCHPLAN_PRICING_BACKOFF_MS", "10")
        .env("CI", "true")
        .current_dir(home);
    c
}

/// `archplan` with test credentials, pointed at `endpoint`.
pub fn archplan_against(home: &Path, endpoint: &str) -> Command {
    let mut c = archplan(home);
    c.env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_REGION", "eu-west-3")
        .env("AWS_ENDPOINT_URL_PRICING", endpoint);
    c
}

pub fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// A request the mock received.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Value,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn service_code(&self) -> &str {
        self.body["ServiceCode"].as_str().unwrap_or_default()
    }

    /// The TERM_MATCH filters, as (field, value), sorted.
    pub fn filters(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self.body["Filters"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|f| {
                        assert_eq!(f["Type"], "TERM_MATCH", "{f}");
                        (
                            f["Field"].as_str().unwrap().to_string(),
                            f["Value"].as_str().unwrap().to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.sort();
        out
    }

    pub fn filter(&self, field: &str) -> Option<String> {
        self.filters()
            .into_iter()
            .find(|(f, _)| f == field)
            .map(|(_, v)| v)
    }

    pub fn next_token(&self) -> Option<&str> {
        self.body["NextToken"].as_str()
    }
}

/// What the mock answers.
pub enum Reply {
    /// Status, body (JSON text), extra headers.
    Json(u16, String, Vec<(String, String)>),
    /// Wait this long, then close the connection without answering.
    Hang(Duration),
}

impl Reply {
    pub fn ok(price_list: &[String], next_token: Option<&str>) -> Reply {
        let mut body = serde_json::json!({"FormatVersion": "aws_v1", "PriceList": price_list});
        if let Some(t) = next_token {
            body["NextToken"] = Value::from(t);
        }
        Reply::Json(200, body.to_string(), vec![])
    }

    pub fn error(status: u16, code: &str, message: &str) -> Reply {
        Reply::Json(
            status,
            serde_json::json!({"__type": code, "message": message}).to_string(),
            vec![("x-amzn-ErrorType".into(), code.into())],
        )
    }
}

type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

/// A mock Price List endpoint: HTTP/1.1 on an ephemeral port of 127.0.0.1.
pub struct Mock {
    pub url: String,
    pub requests: Arc<Mutex<Vec<Request>>>,
}

impl Mock {
    pub fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Mock {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let log = requests.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let handler = handler.clone();
                let log = log.clone();
                std::thread::spawn(move || serve(stream, &*handler, &log));
            }
        });
        Mock { url, requests }
    }

    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }
}

fn serve(stream: TcpStream, handler: &Handler, log: &Mutex<Vec<Request>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    // Several requests may come on one connection.
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or_default().to_string();
        let path = parts.next().unwrap_or_default().to_string();
        let mut headers = Vec::new();
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h).unwrap_or(0) == 0 {
                return;
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                headers.push((k.trim().to_string(), v.trim().to_string()));
            }
        }
        let len: usize = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0u8; len];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let request = Request {
            method,
            path,
            headers,
            body: serde_json::from_slice(&body).unwrap_or(Value::Null),
        };
        log.lock().unwrap().push(request.clone());
        match handler(&request) {
            Reply::Hang(d) => {
                std::thread::sleep(d);
                return;
            }
            Reply::Json(status, body, extra) => {
                let mut head = format!(
                    "HTTP/1.1 {status} {}\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: {}\r\nx-amzn-RequestId: 00000000-0000-0000-0000-000000000000\r\n",
                    if status == 200 { "OK" } else { "Error" },
                    body.len()
                );
                for (k, v) in extra {
                    head.push_str(&format!("{k}: {v}\r\n"));
                }
                head.push_str("\r\n");
                if writer.write_all(head.as_bytes()).is_err()
                    || writer.write_all(body.as_bytes()).is_err()
                {
                    return;
                }
                let _ = writer.flush();
            }
        }
    }
}

/// The PriceList items of tests/fixtures/pricing/getproducts-items.json.
pub fn fixture_items() -> Vec<Value> {
    let text = std::fs::read_to_string(fixture("getproducts-items.json")).unwrap();
    serde_json::from_str::<Vec<Value>>(&text).unwrap()
}

/// Does a PriceList item carry every filter of the request (as AWS's
/// TERM_MATCH does)?
pub fn item_matches(item: &Value, req: &Request) -> bool {
    if item["serviceCode"].as_str() != Some(req.service_code()) {
        return false;
    }
    req.filters().iter().all(|(f, v)| {
        let got = if f == "productFamily" {
            item["product"]["productFamily"].as_str()
        } else {
            item["product"]["attributes"][f].as_str()
        };
        got == Some(v.as_str())
    })
}
