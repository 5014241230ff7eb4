#!/usr/bin/env python3
"""htmllayout.py REPORT.html WIDTH - how headless Chromium lays out a report's tables.

The report is opened unchanged (its Content-Security-Policy allows no script;
DevTools evaluation is not page script) in a window WIDTH CSS pixels wide,
set through the DevTools protocol because the command line's --window-size
cannot go below 500 in headless mode.  Every <details> is opened so every
table is laid out, then prints one JSON object:

  width          the window's width as the page sees it
  page_overflow  how far the page itself scrolls sideways (px, <= 0: not at all)
  tables         how many tables there are
  scrolled       how many of them are wider than their box (scroll sideways)
  broken         words broken across lines in a table cell: a line break
                 between two letters or digits (a break at a space, after
                 '/', '-', '?' and the like is no broken word), each with
                 the start of its cell
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

MEASURE = r'''
(function () {
  document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  var out = {width: innerWidth, tables: 0, scrolled: 0, broken: [],
             page_overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth};
  document.querySelectorAll('th,td').forEach(function (cell) {
    var w = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT), n, m;
    while ((n = w.nextNode())) {
      var re = /[A-Za-z0-9]+/g;
      while ((m = re.exec(n.data))) {
        var r = document.createRange(), tops = {}, k = 0, rs, j, t;
        r.setStart(n, m.index);
        r.setEnd(n, m.index + m[0].length);
        rs = r.getClientRects();
        for (j = 0; j < rs.length; j++)
          if (rs[j].width > 0) tops[Math.round(rs[j].top)] = 1;
        for (t in tops) k++;
        if (k > 1)
          out.broken.push({word: m[0], cell: cell.textContent.slice(0, 60)});
      }
    }
  });
  document.querySelectorAll('table').forEach(function (t) {
    var box = t.parentElement;
    out.tables++;
    if (t.getBoundingClientRect().width > box.clientWidth + 1) out.scrolled++;
  });
  return out;
})()
'''


class Chromium:
    """Headless Chromium driven over --remote-debugging-pipe (fd 3 in, fd 4 out)."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="htmllayout.")
        to_r, to_w = os.pipe()
        from_r, from_w = os.pipe()

        def child():
            os.dup2(to_r, 3)
            os.dup2(from_w, 4)

        self.proc = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--user-data-dir=" + self.profile, "--remote-debugging-pipe",
             "about:blank"],
            preexec_fn=child, pass_fds=(3, 4),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_r)
        os.close(from_w)
        self.out = os.fdopen(to_w, "wb")
        self.inp = os.fdopen(from_r, "rb")
        self.buf = b""
        self.next_id = 0

    def send(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.out.write(json.dumps(msg).encode() + b"\0")
        self.out.flush()
        return self.next_id

    def receive(self):
        while b"\0" not in self.buf:
            chunk = self.inp.read1(65536)
            if not chunk:
                sys.exit("htmllayout: chromium closed the DevTools pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=None):
        want = self.send(method, params, session)
        while True:
            msg = self.receive()
            if msg.get("id") == want:
                if "error" in msg:
                    sys.exit("htmllayout: %s: %s" % (method, msg["error"]))
                return msg["result"]

    def wait_for(self, event):
        while self.receive().get("method") != event:
            pass

    def close(self):
        try:
            self.send("Browser.close")
            self.proc.wait(timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    path, width = os.path.abspath(sys.argv[1]), int(sys.argv[2])
    c = Chromium()
    try:
        target = c.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        s = c.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        c.call("Page.enable", None, s)
        c.call("Emulation.setDeviceMetricsOverride",
               {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False}, s)
        c.call("Page.navigate", {"url": "file://" + path}, s)
        c.wait_for("Page.loadEventFired")
        r = c.call("Runtime.evaluate", {"expression": MEASURE, "returnByValue": True}, s)
    finally:
        c.close()
    if "exceptionDetails" in r:
        sys.exit("htmllayout: %s" % r["exceptionDetails"])
    print(json.dumps(r["result"]["value"]))


if __name__ == "__main__":
    main()
