//! A minimal PostgreSQL client: the frontend/backend protocol 3.0 over TCP, simple queries, and password
//! authentication by SCRAM-SHA-256 (what the Postgres service uses for network connections), clear text, or
//! none. Enough for the demo's integration test; not a general-purpose driver.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// Where to connect: parsed from `postgres://user:password@host[:port]/database`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    pub user: String,
    pub password: String,
    pub host: String,
    pub port: u16,
    pub database: String,
}

impl Url {
    pub fn parse(text: &str) -> Result<Url, String> {
        let rest = text
            .strip_prefix("postgres://")
            .or_else(|| text.strip_prefix("postgresql://"))
            .ok_or_else(|| format!("`{text}` is not a postgres:// URL"))?;
        let (credentials, rest) = rest.split_once('@').ok_or("the URL has no user")?;
        let (user, password) = credentials.split_once(':').unwrap_or((credentials, ""));
        let (address, database) = rest.split_once('/').ok_or("the URL has no database")?;
        let (host, port) = match address.rsplit_once(':') {
            Some((host, port)) => (host, port.parse().map_err(|_| format!("bad port `{port}`"))?),
            None => (address, 5432),
        };
        Ok(Url {
            user: user.to_string(),
            password: password.to_string(),
            host: host.to_string(),
            port,
            database: database.to_string(),
        })
    }
}

/// A connection, authenticated and ready for queries.
pub struct Client {
    stream: TcpStream,
}

/// The rows of a query's result, every column as text (None for NULL).
pub type Rows = Vec<Vec<Option<String>>>;

impl Client {
    pub fn connect(url: &Url) -> Result<Client, String> {
        let stream = TcpStream::connect((url.host.as_str(), url.port))
            .map_err(|e| format!("cannot connect to {}:{}: {e}", url.host, url.port))?;
        stream.set_read_timeout(Some(Duration::from_secs(30))).map_err(|e| e.to_string())?;
        let mut client = Client { stream };
        client.startup(url).map_err(|e| format!("{}:{}: {e}", url.host, url.port))?;
        Ok(client)
    }

    /// Runs `sql` (one or more statements) and returns the rows of the last statement that gave some.
    pub fn query(&mut self, sql: &str) -> Result<Rows, String> {
        let mut body = sql.as_bytes().to_vec();
        body.push(0);
        self.send(b'Q', &body).map_err(|e| e.to_string())?;
        let mut rows = Rows::new();
        let mut error = None;
        loop {
            let (tag, body) = self.receive().map_err(|e| e.to_string())?;
            match tag {
                b'T' => rows.clear(),
                b'D' => rows.push(data_row(&body)?),
                b'E' => error = Some(error_text(&body)),
                b'Z' => break,
                _ => {} // CommandComplete, notices, parameter changes
            }
        }
        match error {
            Some(e) => Err(e),
            None => Ok(rows),
        }
    }

    fn startup(&mut self, url: &Url) -> io::Result<()> {
        let mut body = Vec::new();
        body.extend_from_slice(&196608u32.to_be_bytes()); // protocol 3.0
        for (k, v) in [("user", &url.user), ("database", &url.database)] {
            body.extend_from_slice(k.as_bytes());
            body.push(0);
            body.extend_from_slice(v.as_bytes());
            body.push(0);
        }
        body.push(0);
        let mut message = ((body.len() + 4) as u32).to_be_bytes().to_vec();
        message.extend_from_slice(&body);
        self.stream.write_all(&message)?;

        let mut scram: Option<Scram> = None;
        loop {
            let (tag, body) = self.receive()?;
            match tag {
                b'R' => {
                    let code = u32::from_be_bytes(body[0..4].try_into().unwrap());
                    match code {
                        0 => {}
                        3 => {
                            let mut p = url.password.as_bytes().to_vec();
                            p.push(0);
                            self.send(b'p', &p)?;
                        }
                        10 => {
                            let mechanisms = String::from_utf8_lossy(&body[4..]).to_string();
                            if !mechanisms.split('\0').any(|m| m == "SCRAM-SHA-256") {
                                return Err(other(format!("unsupported SASL mechanisms: {mechanisms}")));
                            }
                            let s = Scram::new(&url.password);
                            let first = s.client_first();
                            let mut p = b"SCRAM-SHA-256\0".to_vec();
                            p.extend_from_slice(&(first.len() as u32).to_be_bytes());
                            p.extend_from_slice(first.as_bytes());
                            self.send(b'p', &p)?;
                            scram = Some(s);
                        }
                        11 => {
                            let s = scram.as_mut().ok_or_else(|| other("SASL continue without a start"))?;
                            let last = s.client_final(&String::from_utf8_lossy(&body[4..])).map_err(other)?;
                            self.send(b'p', last.as_bytes())?;
                        }
                        12 => {
                            let s = scram.as_ref().ok_or_else(|| other("SASL final without a start"))?;
                            s.verify_server(&String::from_utf8_lossy(&body[4..])).map_err(other)?;
                        }
                        _ => return Err(other(format!("unsupported authentication method {code}"))),
                    }
                }
                b'E' => return Err(other(error_text(&body))),
                b'Z' => return Ok(()),
                _ => {} // ParameterStatus, BackendKeyData, notices
            }
        }
    }

    fn send(&mut self, tag: u8, body: &[u8]) -> io::Result<()> {
        let mut message = vec![tag];
        message.extend_from_slice(&((body.len() + 4) as u32).to_be_bytes());
        message.extend_from_slice(body);
        self.stream.write_all(&message)
    }

    fn receive(&mut self) -> io::Result<(u8, Vec<u8>)> {
        let mut header = [0u8; 5];
        self.stream.read_exact(&mut header)?;
        let len = u32::from_be_bytes(header[1..5].try_into().unwrap()) as usize;
        if len < 4 {
            return Err(other("malformed message from the server"));
        }
        let mut body = vec![0u8; len - 4];
        self.stream.read_exact(&mut body)?;
        Ok((header[0], body))
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.send(b'X', &[]);
    }
}

fn other<E: ToString>(e: E) -> io::Error {
    io::Error::new(io::ErrorKind::Other, e.to_string())
}

fn data_row(body: &[u8]) -> Result<Vec<Option<String>>, String> {
    let count = u16::from_be_bytes([body[0], body[1]]) as usize;
    let mut at = 2;
    let mut row = Vec::with_capacity(count);
    for _ in 0..count {
        let len = i32::from_be_bytes(body[at..at + 4].try_into().map_err(|_| "truncated row")?);
        at += 4;
        if len < 0 {
            row.push(None);
        } else {
            let end = at + len as usize;
            row.push(Some(String::from_utf8_lossy(&body[at..end]).to_string()));
            at = end;
        }
    }
    Ok(row)
}

/// The severity and message fields of an ErrorResponse.
fn error_text(body: &[u8]) -> String {
    let (mut severity, mut message) = (String::new(), String::new());
    for field in body.split(|b| *b == 0) {
        match field.first() {
            Some(b'S') => severity = String::from_utf8_lossy(&field[1..]).to_string(),
            Some(b'M') => message = String::from_utf8_lossy(&field[1..]).to_string(),
            _ => {}
        }
    }
    format!("{severity}: {message}")
}

/// The client side of SCRAM-SHA-256 (RFC 5802, RFC 7677), without channel binding.
struct Scram {
    password: String,
    nonce: String,
    client_first_bare: String,
    server_signature: Vec<u8>,
}

impl Scram {
    fn new(password: &str) -> Scram {
        let mut random = [0u8; 18];
        if let Ok(mut f) = std::fs::File::open("/dev/urandom") {
            let _ = f.read_exact(&mut random);
        }
        let nonce = base64_encode(&random);
        Scram {
            password: password.to_string(),
            client_first_bare: format!("n=,r={nonce}"),
            nonce,
            server_signature: Vec::new(),
        }
    }

    fn client_first(&self) -> String {
        format!("n,,{}", self.client_first_bare)
    }

    fn client_final(&mut self, server_first: &str) -> Result<String, String> {
        let mut nonce = None;
        let mut salt = None;
        let mut iterations = None;
        for part in server_first.split(',') {
            match part.split_at(2) {
                ("r=", v) => nonce = Some(v.to_string()),
                ("s=", v) => salt = Some(base64_decode(v)?),
                ("i=", v) => iterations = Some(v.parse::<u32>().map_err(|e| e.to_string())?),
                _ => {}
            }
        }
        let (nonce, salt, iterations) = match (nonce, salt, iterations) {
            (Some(n), Some(s), Some(i)) => (n, s, i),
            _ => return Err(format!("malformed SCRAM server message `{server_first}`")),
        };
        if !nonce.starts_with(&self.nonce) {
            return Err("the server's SCRAM nonce does not extend ours".into());
        }
        let salted = pbkdf2_sha256(self.password.as_bytes(), &salt, iterations);
        let client_key = hmac_sha256(&salted, b"Client Key");
        let stored_key = sha256(&client_key);
        let without_proof = format!("c=biws,r={nonce}");
        let auth_message = format!("{},{},{}", self.client_first_bare, server_first, without_proof);
        let signature = hmac_sha256(&stored_key, auth_message.as_bytes());
        let proof: Vec<u8> = client_key.iter().zip(signature.iter()).map(|(a, b)| a ^ b).collect();
        let server_key = hmac_sha256(&salted, b"Server Key");
        self.server_signature = hmac_sha256(&server_key, auth_message.as_bytes()).to_vec();
        Ok(format!("{without_proof},p={}", base64_encode(&proof)))
    }

    fn verify_server(&self, server_final: &str) -> Result<(), String> {
        let v = server_final.strip_prefix("v=").ok_or("malformed SCRAM final message")?;
        if base64_decode(v.trim_end_matches('\0'))? != self.server_signature {
            return Err("the server's SCRAM signature is wrong".into());
        }
        Ok(())
    }
}

/// SHA-256 (FIPS 180-4).
pub fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ];
    let mut message = data.to_vec();
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());
    for block in message.chunks(64) {
        let mut w = [0u32; 64];
        for i in 0..16 {
            w[i] = u32::from_be_bytes(block[4 * i..4 * i + 4].try_into().unwrap());
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16].wrapping_add(s0).wrapping_add(w[i - 7]).wrapping_add(s1);
        }
        let mut v = h;
        for i in 0..64 {
            let s1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
            let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
            let t1 = v[7].wrapping_add(s1).wrapping_add(ch).wrapping_add(K[i]).wrapping_add(w[i]);
            let s0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
            let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            let t2 = s0.wrapping_add(maj);
            v = [t1.wrapping_add(t2), v[0], v[1], v[2], v[3].wrapping_add(t1), v[4], v[5], v[6]];
        }
        for i in 0..8 {
            h[i] = h[i].wrapping_add(v[i]);
        }
    }
    let mut out = [0u8; 32];
    for i in 0..8 {
        out[4 * i..4 * i + 4].copy_from_slice(&h[i].to_be_bytes());
    }
    out
}

/// HMAC-SHA-256 (RFC 2104).
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&sha256(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mut inner: Vec<u8> = block.iter().map(|b| b ^ 0x36).collect();
    inner.extend_from_slice(message);
    let mut outer: Vec<u8> = block.iter().map(|b| b ^ 0x5c).collect();
    outer.extend_from_slice(&sha256(&inner));
    sha256(&outer)
}

/// PBKDF2-HMAC-SHA-256 with one 32-byte block (RFC 8018), as SCRAM uses it.
pub fn pbkdf2_sha256(password: &[u8], salt: &[u8], iterations: u32) -> [u8; 32] {
    let mut first = salt.to_vec();
    first.extend_from_slice(&1u32.to_be_bytes());
    let mut u = hmac_sha256(password, &first);
    let mut out = u;
    for _ in 1..iterations {
        u = hmac_sha256(password, &u);
        for (o, x) in out.iter_mut().zip(u.iter()) {
            *o ^= x;
        }
    }
    out
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub fn base64_encode(data: &[u8]) -> String {
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

pub fn base64_decode(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut bits = 0u32;
    let mut count = 0;
    for c in text.bytes().filter(|c| *c != b'=') {
        let v = ALPHABET.iter().position(|a| *a == c).ok_or_else(|| format!("bad base64 `{text}`"))?;
        bits = bits << 6 | v as u32;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn sha256_known_answers() {
        assert_eq!(hex(&sha256(b"")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(hex(&sha256(b"abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn hmac_known_answer() {
        // RFC 4231, test case 2.
        assert_eq!(
            hex(&hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn scram_example_of_rfc_7677() {
        let mut s = Scram {
            password: "pencil".into(),
            nonce: "rOprNGfwEbeRWgbNEkqO".into(),
            client_first_bare: "n=user,r=rOprNGfwEbeRWgbNEkqO".into(),
            server_signature: Vec::new(),
        };
        let last = s
            .client_final("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")
            .unwrap();
        assert_eq!(
            last,
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
        );
        s.verify_server("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=").unwrap();
    }

    #[test]
    fn urls() {
        let url = Url::parse("postgres://ci:ci@postgres/ci_test").unwrap();
        assert_eq!((url.user.as_str(), url.host.as_str(), url.port, url.database.as_str()), ("ci", "postgres", 5432, "ci_test"));
        assert_eq!(Url::parse("postgres://a:b@h:6543/d").unwrap().port, 6543);
        assert!(Url::parse("mysql://a@h/d").is_err());
    }
}
