// Request counts and a latency histogram by route, in Prometheus' text exposition format.
// Lock-free on the request path: one array slot per route, atomics only.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tablero::http {

class Metrics {
public:
    Metrics();
    ~Metrics();

    // Called once, before serving, with Router::routes(); index i is route_index i. Requests that
    // matched no route are counted under route "unmatched".
    void set_routes(const std::vector<std::string>& routes);

    // One finished request. route_index is Router::Match::route_index, or npos when unmatched.
    void observe(std::size_t route_index, int status, std::chrono::nanoseconds latency);
    static constexpr std::size_t unmatched = static_cast<std::size_t>(-1);

    // Another part of the program adds its own lines (database pool statistics, page cache).
    // The function appends complete exposition text (# HELP, # TYPE and samples) to out.
    void add_source(std::function<void(std::string& out)> source);

    // The whole exposition: tablero_http_requests_total{route,code}, the
    // tablero_http_request_duration_seconds histogram by route, then every source.
    std::string render() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// Appends one single-sample metric with its # HELP and # TYPE lines, for sources that expose
// plain counters and gauges. The value is written in its shortest exact form ("42", "0.25").
void append_metric(std::string& out, std::string_view name, std::string_view type,
    std::string_view help, double value);

}  // namespace tablero::http
