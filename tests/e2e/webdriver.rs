//! Just enough WebDriver (W3C, over HTTP) to drive the app: sessions,
//! elements, clicks, keys, scripts, screenshots; plus the processes it needs
//! (Xvfb when there is no display, tauri-driver with WebKitWebDriver).

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use satchel_tests::workspace_root;
use serde_json::{json, Value};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The running pieces; dropping it ends the session and stops them.
pub struct Setup {
    pub session: Session,
    /// The X display the app runs on (native dialogs are answered there).
    pub display: String,
    _driver: Stopped,
    _xvfb: Option<Stopped>,
    _wallet: tempfile::TempDir,
    _framebuffer: Option<tempfile::TempDir>,
}

/// A child process stopped when dropped, also when a test fails half-way
/// through starting (a bare `Child` would be left running).
struct Stopped(Child);

impl Drop for Stopped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

fn which(name: &str) -> Option<PathBuf> {
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .chain([home.join(".cargo/bin")])
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

impl Setup {
    pub fn start() -> Self {
        let root = workspace_root();
        let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["build", "--quiet", "-p", "satchel-app"])
            .current_dir(&root)
            .status()
            .expect("run cargo build");
        assert!(status.success(), "building satchel-app failed");
        let app = root.join("target/debug/satchel-app");
        assert!(root.join("ui/dist/index.html").is_file(), "the UI is built first (`make ui`)");
        let driver_bin = which("tauri-driver").expect("tauri-driver is installed (`make deps-test` runs `cargo install tauri-driver`)");
        let native = which("WebKitWebDriver").expect("WebKitWebDriver is installed (Debian: webkit2gtk-driver)");

        let mut xvfb = None;
        // Xvfb keeps its screen in a file (XWD): screenshots are read from
        // there, since WebKitWebDriver's own never returns when the app draws
        // without compositing (as it does: see src-tauri/src/lib.rs).
        let framebuffer = tempfile::tempdir().expect("temp dir");
        let mut framebuffer = Some(framebuffer);
        let display = match std::env::var("DISPLAY") {
            Ok(d) if !d.is_empty() => {
                framebuffer = None;
                d
            }
            _ => {
                // Xvfb picks a free display itself and says which (-displayfd):
                // a fixed number could meet a stale lock from an earlier run.
                let mut child = Command::new("Xvfb")
                    // Twice the window's size: Xvfb draws its pointer at the screen's
                    // centre, which is then outside the window (at the top left).
                    .args(["-displayfd", "1", "-screen", "0", "2240x1560x24", "-nolisten", "tcp", "-fbdir"])
                    .arg(framebuffer.as_ref().expect("framebuffer dir").path())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::null())
                    .spawn()
                    .expect("Xvfb is installed");
                let mut line = String::new();
                std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().expect("Xvfb's stdout")), &mut line)
                    .expect("Xvfb says its display");
                xvfb = Some(Stopped(child));
                format!(":{}", line.trim())
            }
        };
        let wallet = tempfile::tempdir().expect("temp dir");
        let (port, native_port) = (free_port(), free_port());
        let driver = Stopped(
            Command::new(driver_bin)
                .args(["--port", &port.to_string(), "--native-port", &native_port.to_string(), "--native-driver"])
                .arg(&native)
                .env("DISPLAY", &display)
                .env("SATCHEL_WALLET", wallet.path().join("wallet"))
                // A window of its own: the web view's storage (the chosen
                // language) is fresh, as on a new computer, whatever an
                // earlier window (or a failed run) left behind.
                .env("XDG_DATA_HOME", wallet.path().join("data"))
                .env("XDG_CACHE_HOME", wallet.path().join("cache"))
                .env("LANG", "C.UTF-8")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start tauri-driver"),
        );
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "tauri-driver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let caps = json!({"capabilities": {"alwaysMatch": {"tauri:options": {"application": app}}}});
        // Starting the app under WebKitWebDriver now and then fails on a busy
        // machine: the driver drops the connection before it answers. Only
        // that (a transport error) is tried again, a few times, each retry
        // printed; an answer, even an HTTP 5xx, is the driver's word on the
        // session and fails the run with its body.
        let mut attempt = 0;
        let created: Value = loop {
            attempt += 1;
            match ureq::post(&format!("{base}/session")).send_json(caps.clone()) {
                Ok(r) => break r.into_json().expect("the WebDriver session answer is JSON"),
                Err(ureq::Error::Transport(e)) if attempt < 4 => {
                    eprintln!("WebDriver session: attempt {attempt} of 4 lost its connection ({e}); retrying in 2 s");
                    std::thread::sleep(Duration::from_secs(2));
                }
                Err(ureq::Error::Transport(e)) => panic!("a WebDriver session: the connection failed {attempt} times, the last: {e}"),
                Err(ureq::Error::Status(code, r)) => {
                    panic!(
                        "a WebDriver session: the driver answered HTTP {code} on attempt {attempt}: {}",
                        r.into_string().unwrap_or_default()
                    )
                }
            }
        };
        let id = created["value"]["sessionId"].as_str().expect("session id").to_string();
        let screen = framebuffer.as_ref().map(|d| d.path().join("Xvfb_screen0"));
        Self {
            session: Session { base: format!("{base}/session/{id}"), screen },
            display,
            _driver: driver,
            _xvfb: xvfb,
            _wallet: wallet,
            _framebuffer: framebuffer,
        }
    }
}

impl Setup {
    /// Answers the native file dialog titled `title` (GTK's, opened by Rust,
    /// which WebDriver cannot reach) as a learner at the keyboard would:
    /// types `path` (in an open dialog, in its location field) and presses
    /// Enter. Needs `xdotool`.
    pub fn answer_file_dialog(&self, title: &str, path: &std::path::Path, open: bool) {
        let xdotool = |args: &[&str]| -> String {
            let out = Command::new("xdotool").args(args).env("DISPLAY", &self.display).output().expect("xdotool is installed");
            String::from_utf8_lossy(&out.stdout).trim().to_string()
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        // GTK names more than one X window after the dialog; the one mapped is the one to type into.
        let window = loop {
            let found = xdotool(&["search", "--onlyvisible", "--name", &format!("^{title}$")]);
            if let Some(id) = found.lines().last().filter(|l| !l.is_empty()) {
                break id.to_string();
            }
            assert!(Instant::now() < deadline, "no native dialog `{title}` opened");
            std::thread::sleep(Duration::from_millis(200));
        };
        // Let GTK finish drawing the dialog and focus its field.
        std::thread::sleep(Duration::from_millis(800));
        xdotool(&["windowfocus", "--sync", &window]);
        // No window manager under Xvfb: a click inside the dialog's title row gives GTK the focus too.
        xdotool(&["mousemove", "--window", &window, "300", "12", "click", "1"]);
        xdotool(&["windowfocus", "--sync", &window]);
        if open {
            xdotool(&["key", "--clearmodifiers", "ctrl+l"]);
            std::thread::sleep(Duration::from_millis(300));
        }
        xdotool(&["key", "--clearmodifiers", "ctrl+a"]);
        xdotool(&["type", "--delay", "20", &path.display().to_string()]);
        std::thread::sleep(Duration::from_millis(400));
        xdotool(&["key", "--clearmodifiers", "Return"]);
        // The pointer goes back off the window, out of later screenshots.
        xdotool(&["mousemove", "2200", "1500"]);
        let deadline = Instant::now() + Duration::from_secs(20);
        while !xdotool(&["search", "--onlyvisible", "--name", &format!("^{title}$")]).is_empty() {
            if Instant::now() >= deadline {
                self.session.screenshot("dialog-not-answered");
                panic!("the native dialog `{title}` did not take `{}` (see target/e2e/dialog-not-answered.png)", path.display());
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Setup {
    fn drop(&mut self) {
        // End the session first; the driver and Xvfb stop as their guards drop.
        let _ = ureq::delete(&self.session.base).call();
    }
}

/// A WebDriver session on the app's window.
pub struct Session {
    base: String,
    /// Xvfb's screen as an XWD file, when the tests started Xvfb.
    screen: Option<PathBuf>,
}

/// The window's pixels from Xvfb's screen file (XWD, 32 bits a pixel, as
/// Xvfb writes it), cropped to `rect` (x, y, width, height), as a PNG.
fn xwd_to_png(xwd: &[u8], rect: (u32, u32, u32, u32)) -> Vec<u8> {
    let field = |i: usize| u32::from_be_bytes(xwd[i * 4..i * 4 + 4].try_into().expect("4 bytes"));
    let (header, width, height, lsb_first, bits, line, ncolors) =
        (field(0), field(4), field(5), field(7) == 0, field(11), field(12), field(19));
    assert_eq!(bits, 32, "Xvfb draws 32 bits a pixel at depth 24");
    let data = &xwd[header as usize + ncolors as usize * 12..];
    let (x0, y0) = (rect.0.min(width - 1), rect.1.min(height - 1));
    let (w, h) = (rect.2.min(width - x0), rect.3.min(height - y0));
    let mut rgb = image::RgbImage::new(w, h);
    for y in 0..h {
        for x in 0..w {
            let at = ((y0 + y) * line + (x0 + x) * 4) as usize;
            let p = &data[at..at + 4];
            let (r, g, b) = if lsb_first { (p[2], p[1], p[0]) } else { (p[1], p[2], p[3]) };
            rgb.put_pixel(x, y, image::Rgb([r, g, b]));
        }
    }
    let mut out = std::io::Cursor::new(Vec::new());
    rgb.write_to(&mut out, image::ImageFormat::Png).expect("PNG in memory");
    out.into_inner()
}

impl Session {
    fn post(&self, path: &str, body: Value) -> Value {
        let r = ureq::post(&format!("{}{path}", self.base)).send_json(body);
        match r {
            Ok(r) => r.into_json::<Value>().expect("JSON")["value"].clone(),
            Err(ureq::Error::Status(_, r)) => panic!("WebDriver {path}: {}", r.into_string().unwrap_or_default()),
            Err(e) => panic!("WebDriver {path}: {e}"),
        }
    }

    fn get(&self, path: &str) -> Value {
        ureq::get(&format!("{}{path}", self.base)).call().expect("WebDriver GET").into_json::<Value>().expect("JSON")["value"].clone()
    }

    fn find_all(&self, using: &str, value: &str) -> Vec<String> {
        let found = ureq::post(&format!("{}/elements", self.base)).send_json(json!({"using": using, "value": value}));
        match found {
            Ok(r) => r.into_json::<Value>().expect("JSON")["value"]
                .as_array()
                .map(|a| a.iter().filter_map(|e| e[ELEMENT].as_str().map(str::to_string)).collect())
                .unwrap_or_default(),
            Err(_) => vec![],
        }
    }

    fn wait_for(&self, using: &str, value: &str, index: usize) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(e) = self.find_all(using, value).into_iter().nth(index) {
                return e;
            }
            assert!(Instant::now() < deadline, "no element {using} `{value}` [{index}] appeared");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// An element's text; empty when it is gone (the screen changed under us).
    fn element_text(&self, element: &str) -> String {
        ureq::get(&format!("{}/element/{element}/text", self.base))
            .call()
            .ok()
            .and_then(|r| r.into_json::<Value>().ok())
            .and_then(|v| v["value"].as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// Waits until an element matching `css` shows text containing `needle`; returns that text.
    pub fn wait_text(&self, css: &str, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let seen = self.find_all("css selector", css).iter().map(|e| self.element_text(e)).collect::<Vec<_>>();
            if let Some(t) = seen.iter().find(|t| t.contains(needle)) {
                return t.clone();
            }
            assert!(Instant::now() < deadline, "no `{css}` showing `{needle}`; the screen shows {seen:?}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// How many elements match `css` now (no waiting).
    pub fn count(&self, css: &str) -> usize {
        self.find_all("css selector", css).len()
    }

    pub fn text(&self, css: &str) -> String {
        let e = self.wait_for("css selector", css, 0);
        self.element_text(&e)
    }

    /// The text of every element matching `css`, shown or not (a closed
    /// `<details>` hides its text from [`Session::text`]).
    pub fn texts(&self, css: &str) -> Vec<String> {
        let found = self.post(
            "/execute/sync",
            json!({"script": "return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent.trim());", "args": [css]}),
        );
        found.as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_string).collect()
    }

    pub fn title(&self) -> String {
        self.get("/title").as_str().unwrap_or_default().to_string()
    }

    /// Finds and clicks, finding again if the element went stale in between
    /// (the screen re-rendered).
    fn click_found(&self, using: &str, value: &str, index: usize) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let e = self.wait_for(using, value, index);
            match ureq::post(&format!("{}/element/{e}/click", self.base)).send_json(json!({})) {
                Ok(_) => return,
                Err(err) if Instant::now() < deadline => {
                    let _ = err;
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(err) => panic!("clicking {using} `{value}`: {err}"),
            }
        }
    }

    pub fn click_css(&self, css: &str) {
        self.click_found("css selector", css, 0);
    }

    /// Clicks the button whose whole text is `name`.
    pub fn click_button(&self, name: &str) {
        self.click_button_exact(name, 0);
    }

    /// Clicks the `index`-th button whose whole text is `name`.
    pub fn click_button_exact(&self, name: &str, index: usize) {
        self.click_found("xpath", &format!("//button[normalize-space()=\"{name}\"]"), index);
    }

    pub fn click_label_containing(&self, text: &str) {
        self.click_found("xpath", &format!("//label[contains(., \"{text}\")]"), 0);
    }

    pub fn type_into(&self, css: &str, text: &str) {
        let e = self.wait_for("css selector", css, 0);
        self.post(&format!("/element/{e}/clear"), json!({}));
        // Clearing is the whole of typing nothing (WebKitWebDriver refuses an
        // empty text, and its clear fires no `input`: fire it, as typing would).
        if text.is_empty() {
            self.post(
                "/execute/sync",
                json!({"script": "arguments[0].dispatchEvent(new Event('input', {bubbles: true}))", "args": [{ELEMENT: e}]}),
            );
        } else {
            self.post(&format!("/element/{e}/value"), json!({"text": text}));
        }
    }

    /// Sets a field's value at once (long texts), as pasting would.
    pub fn set_value(&self, css: &str, text: &str) {
        self.wait_for("css selector", css, 0);
        self.post(
            "/execute/sync",
            json!({"script": "const e = document.querySelector(arguments[0]); e.value = arguments[1]; e.dispatchEvent(new Event('input', {bubbles: true}));", "args": [css, text]}),
        );
    }

    /// Chooses `value` in the `<select>` matching `css`, as a click on the option would.
    pub fn choose(&self, css: &str, value: &str) {
        self.wait_for("css selector", css, 0);
        self.post(
            "/execute/sync",
            json!({"script": "const e = document.querySelector(arguments[0]); e.value = arguments[1]; e.dispatchEvent(new Event('change', {bubbles: true}));", "args": [css, value]}),
        );
    }

    /// Runs `script` in the page (with `args`) and returns what it returns.
    pub fn script(&self, script: &str, args: Value) -> Value {
        self.post("/execute/sync", json!({"script": script, "args": args}))
    }

    /// Sets the window's outer size, as a learner resizing it would.
    pub fn set_window_size(&self, width: u32, height: u32) {
        self.post("/window/rect", json!({"width": width, "height": height}));
        // Let the page lay itself out again.
        std::thread::sleep(Duration::from_millis(400));
    }

    /// What has the keyboard focus: `#id`, `[data-id=…]`, or the tag and its text.
    pub fn focused(&self) -> String {
        self.script(
            "const e = document.activeElement; if (!e || e === document.body) return 'body'; \
             if (e.dataset && e.dataset.id) return '[data-id=' + e.dataset.id + ']'; \
             if (e.id) return '#' + e.id; return e.tagName.toLowerCase() + ' ' + (e.textContent || '').trim().slice(0, 60);",
            json!([]),
        )
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    /// Waits until the focus is on `expected` (as [`Self::focused`] names it).
    pub fn wait_focus(&self, expected: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let now = self.focused();
            if now == expected {
                return;
            }
            assert!(Instant::now() < deadline, "the focus should be on `{expected}`, it is on `{now}`");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Presses keys on whatever has the focus (WebDriver key codes: Enter is `\u{E007}`).
    pub fn keys_to_focused(&self, keys: &str) {
        let active = self.get("/element/active");
        let e = active[ELEMENT].as_str().expect("an element has the focus").to_string();
        self.post(&format!("/element/{e}/value"), json!({"text": keys}));
    }

    /// Scrolls the element matching `css` to the top of the window.
    pub fn scroll_to(&self, css: &str) {
        self.wait_for("css selector", css, 0);
        self.post(
            "/execute/sync",
            json!({"script": "document.querySelector(arguments[0]).scrollIntoView({block: 'start'});", "args": [css]}),
        );
    }

    /// Runs axe-core (WCAG 2 A and AA) on the screen; no violation may remain.
    pub fn axe(&self, screen: &str) {
        let source = std::fs::read_to_string(workspace_root().join("ui/node_modules/axe-core/axe.min.js")).expect("axe-core (npm, in ui/)");
        self.post("/execute/sync", json!({"script": format!("{source}; return true;"), "args": []}));
        let violations = self.post(
            "/execute/async",
            json!({"script": "const done = arguments[arguments.length - 1]; axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}).then(r => done({passes: r.passes.length, violations: r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', '))})).catch(e => done({passes: 0, violations: ['axe failed: ' + e]}));", "args": []}),
        );
        let list: Vec<String> = violations["violations"]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        assert!(list.is_empty(), "axe-core finds accessibility problems on the {screen} screen: {list:#?}");
        assert!(violations["passes"].as_u64().unwrap_or(0) >= 5, "axe-core really checked the {screen} screen: {violations}");
    }

    /// Saves a PNG of the window to target/e2e/ (and docs/screenshots/ when
    /// SATCHEL_SAVE_SCREENSHOTS is set).
    pub fn screenshot(&self, name: &str) {
        let png = match &self.screen {
            Some(screen) => {
                // Let the last frame reach the screen.
                std::thread::sleep(Duration::from_millis(300));
                let r = self.get("/window/rect");
                let n = |k: &str| r[k].as_f64().unwrap_or(0.0).max(0.0) as u32;
                xwd_to_png(&std::fs::read(screen).expect("Xvfb's screen file"), (n("x"), n("y"), n("width").max(1), n("height").max(1)))
            }
            None => base64::engine::general_purpose::STANDARD.decode(self.get("/screenshot").as_str().unwrap_or_default()).expect("PNG"),
        };
        assert!(png.starts_with(b"\x89PNG"), "a screenshot of {name}");
        let dir = workspace_root().join("target/e2e");
        std::fs::create_dir_all(&dir).expect("target/e2e");
        std::fs::write(dir.join(format!("{name}.png")), &png).expect("write screenshot");
        if std::env::var_os("SATCHEL_SAVE_SCREENSHOTS").is_some() {
            std::fs::write(workspace_root().join(format!("docs/screenshots/{name}.png")), &png).expect("write screenshot");
        }
    }
}
