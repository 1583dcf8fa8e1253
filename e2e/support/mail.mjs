// E-mail in browser suites: the e2e server runs without a mail server, so Tablero's LogMailer
// writes each verification link to its log (standard error, through spdlog) as
//   [info] e-mail verification link for account <id>: <url>
// and a suite reads the link from there, as an installer without SMTP would.
const linkLine = /e-mail verification link for account (\d+): (\S+)/g;

// Where the server's log is now: pass it to verificationLink to see only later links.
export function logMark(server) {
  return server.stderr().length;
}

// Resolves to the latest verification link logged after `mark` (logMark before the sign-up),
// waiting up to timeoutMs for it to appear; rejects with the log's tail otherwise.
export async function verificationLink(server, mark = 0, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = server.stderr().slice(mark);
    const links = [...log.matchAll(linkLine)];
    if (links.length > 0) return links[links.length - 1][2];
    if (Date.now() > deadline) {
      throw new Error(`no verification link in the server's log within ${timeoutMs} ms:\n` +
        server.stderr().slice(-2000));
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
