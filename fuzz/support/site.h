// The whole site as the fuzz targets drive it: the real routes (web and API), templates, catalogs,
// static files, error renderer and pipeline over a SQLite database in a temporary folder holding
// the demonstration data, with an administrator signed in through the real sign-in form. Built
// once per process (a fuzz target runs millions of inputs against it) and removed at exit, as
// tests/web/page_fixture.h builds it for one test.
#pragma once

#include "http/message.h"
#include "http/pipeline.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace tablero::fuzz {

// Aborts with the message: a fuzz target's failed check, which libFuzzer reports as a crash and
// the regression runner as a failed test.
[[noreturn]] void fail_check(const char* what, const char* file, int line);
#define FUZZ_CHECK(condition)                                                                      \
    do {                                                                                           \
        if (!(condition))                                                                          \
            ::tablero::fuzz::fail_check(#condition, __FILE__, __LINE__);                           \
    } while (false)

// The source tree (templates, locales, static, demo): TABLERO_SOURCE_DIR when set, else the one
// the target was built from.
std::filesystem::path source_dir();

// Logging off: a fuzz run would otherwise print a line for every refused input.
void quiet_logs();

class Site {
public:
    // The one site of this process, built on first use; a failure to build it aborts.
    static Site& instance();
    ~Site();

    // The pipeline's answer, as the server would write it.
    http::Response handle(http::RawRequest raw, const std::string& remote_address = "192.0.2.10");

    // The pipeline's error_response: what the server answers a request that never reached a
    // handler (its 400, 408 and 413).
    http::Response error_response(
        const http::Request& request, const Error& error, http::Status status);

    // The signed-in administrator's Cookie header and the CSRF token of their session, for
    // requests that must pass the sign-in and CSRF checks to reach a form's handler. Signs in
    // again when a request ended the session (sign-out, a changed password); empty when that
    // is refused.
    const std::string& admin_cookie();
    const std::string& admin_csrf();

    // Every POST route with its parameters filled in from the demonstration data
    // ("/plans/PY-2014-2016/commitments/1/assessment"), in registration order.
    const std::vector<std::string>& post_targets() const { return m_post_targets; }

private:
    Site();
    // Signs the administrator in through the sign-in form; false when refused.
    bool sign_in();

    struct Impl;
    std::unique_ptr<Impl> m_impl;
    std::vector<std::string> m_post_targets;
    std::string m_cookie;
    std::string m_csrf;
    bool m_locked_out = false;
};

}  // namespace tablero::fuzz
