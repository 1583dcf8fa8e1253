#include "http/metrics.h"

#include <array>
#include <atomic>
#include <charconv>
#include <mutex>

namespace tablero::http {

namespace {

// Upper bounds of the latency histogram in seconds, written as they appear in the "le" label.
struct Bucket {
    std::chrono::nanoseconds bound;
    const char* label;
};
constexpr std::array<Bucket, 14> buckets = {{
    {std::chrono::microseconds(500), "0.0005"},
    {std::chrono::milliseconds(1), "0.001"},
    {std::chrono::microseconds(2500), "0.0025"},
    {std::chrono::milliseconds(5), "0.005"},
    {std::chrono::milliseconds(10), "0.01"},
    {std::chrono::milliseconds(25), "0.025"},
    {std::chrono::milliseconds(50), "0.05"},
    {std::chrono::milliseconds(100), "0.1"},
    {std::chrono::milliseconds(250), "0.25"},
    {std::chrono::milliseconds(500), "0.5"},
    {std::chrono::seconds(1), "1"},
    {std::chrono::milliseconds(2500), "2.5"},
    {std::chrono::seconds(5), "5"},
    {std::chrono::seconds(10), "10"},
}};

// Every three-digit status code has its own counter, so any code a handler sets is counted
// under its own label; anything outside 0-999 cannot be written on the wire and goes to "other".
constexpr std::size_t code_slots = 1000;

struct RouteStats {
    std::array<std::atomic<std::uint64_t>, code_slots + 1> by_code{};
    // Observations per bucket, not cumulative: the last slot is above the largest bound.
    std::array<std::atomic<std::uint64_t>, buckets.size() + 1> by_bucket{};
    std::atomic<std::uint64_t> sum_nanoseconds{0};
};

// The exposition format's label value escaping: backslash, double quote and line feed.
void append_label_value(std::string& out, std::string_view value)
{
    for (char c : value) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
}

void append_number(std::string& out, std::uint64_t value)
{
    out += std::to_string(value);
}

void append_seconds(std::string& out, std::uint64_t nanoseconds)
{
    std::array<char, 64> text{};
    auto seconds = static_cast<double>(nanoseconds) / 1e9;
    auto [end, error] = std::to_chars(text.data(), text.data() + text.size(), seconds);
    if (error == std::errc())
        out.append(text.data(), end);
    else
        out += "0";
}

}  // namespace

struct Metrics::Impl {
    std::vector<std::string> names;
    // names.size() + 1 entries: the last counts requests that matched no route. Sized once by
    // set_routes, before any observe, so the request path never allocates or locks.
    std::unique_ptr<RouteStats[]> stats = std::make_unique<RouteStats[]>(1);
    std::size_t route_count = 0;

    std::mutex sources_mutex;
    std::vector<std::function<void(std::string&)>> sources;
};

Metrics::Metrics() : m_impl(std::make_unique<Impl>())
{
}

Metrics::~Metrics() = default;

void Metrics::set_routes(const std::vector<std::string>& routes)
{
    m_impl->names = routes;
    m_impl->route_count = routes.size();
    m_impl->stats = std::make_unique<RouteStats[]>(routes.size() + 1);
}

void Metrics::observe(std::size_t route_index, int status, std::chrono::nanoseconds latency)
{
    // An index set_routes never heard of is counted as unmatched rather than lost.
    std::size_t slot = route_index < m_impl->route_count ? route_index : m_impl->route_count;
    auto& stats = m_impl->stats[slot];
    std::size_t code = status >= 0 && status < static_cast<int>(code_slots)
        ? static_cast<std::size_t>(status)
        : code_slots;
    stats.by_code[code].fetch_add(1, std::memory_order_relaxed);
    std::size_t bucket = 0;
    while (bucket < buckets.size() && latency > buckets[bucket].bound)
        ++bucket;
    stats.by_bucket[bucket].fetch_add(1, std::memory_order_relaxed);
    auto nanoseconds = latency.count() > 0 ? static_cast<std::uint64_t>(latency.count()) : 0;
    stats.sum_nanoseconds.fetch_add(nanoseconds, std::memory_order_relaxed);
}

void Metrics::add_source(std::function<void(std::string& out)> source)
{
    std::lock_guard lock(m_impl->sources_mutex);
    m_impl->sources.push_back(std::move(source));
}

std::string Metrics::render() const
{
    std::string out;
    auto route_name = [&](std::size_t slot) -> std::string_view {
        return slot < m_impl->route_count ? std::string_view(m_impl->names[slot]) : "unmatched";
    };

    out += "# HELP tablero_http_requests_total HTTP requests by route and status code.\n";
    out += "# TYPE tablero_http_requests_total counter\n";
    for (std::size_t slot = 0; slot <= m_impl->route_count; ++slot) {
        const auto& stats = m_impl->stats[slot];
        for (std::size_t code = 0; code <= code_slots; ++code) {
            auto count = stats.by_code[code].load(std::memory_order_relaxed);
            if (count == 0)
                continue;
            out += "tablero_http_requests_total{route=\"";
            append_label_value(out, route_name(slot));
            out += "\",code=\"";
            out += code == code_slots ? std::string("other") : std::to_string(code);
            out += "\"} ";
            append_number(out, count);
            out += '\n';
        }
    }

    out += "# HELP tablero_http_request_duration_seconds Time from parsed request to response.\n";
    out += "# TYPE tablero_http_request_duration_seconds histogram\n";
    for (std::size_t slot = 0; slot <= m_impl->route_count; ++slot) {
        const auto& stats = m_impl->stats[slot];
        // Read each bucket once and derive the cumulative counts and the total from the same
        // reads, so that the +Inf bucket always equals _count even while requests arrive.
        std::array<std::uint64_t, buckets.size() + 1> counts{};
        std::uint64_t total = 0;
        for (std::size_t i = 0; i < counts.size(); ++i) {
            counts[i] = stats.by_bucket[i].load(std::memory_order_relaxed);
            total += counts[i];
        }
        if (total == 0)
            continue;
        std::string labels = "route=\"";
        append_label_value(labels, route_name(slot));
        labels += '"';
        std::uint64_t cumulative = 0;
        for (std::size_t i = 0; i <= buckets.size(); ++i) {
            cumulative += counts[i];
            out += "tablero_http_request_duration_seconds_bucket{";
            out += labels;
            out += ",le=\"";
            out += i < buckets.size() ? buckets[i].label : "+Inf";
            out += "\"} ";
            append_number(out, cumulative);
            out += '\n';
        }
        out += "tablero_http_request_duration_seconds_sum{" + labels + "} ";
        append_seconds(out, stats.sum_nanoseconds.load(std::memory_order_relaxed));
        out += '\n';
        out += "tablero_http_request_duration_seconds_count{" + labels + "} ";
        append_number(out, total);
        out += '\n';
    }

    std::lock_guard lock(m_impl->sources_mutex);
    for (const auto& source : m_impl->sources)
        source(out);
    return out;
}

void append_metric(std::string& out, std::string_view name, std::string_view type,
    std::string_view help, double value)
{
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
    out += name;
    out += ' ';
    char buffer[32];
    auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, error == std::errc{} ? end : buffer);
    out += '\n';
}

}  // namespace tablero::http
