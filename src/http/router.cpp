#include "http/router.h"

#include <boost/url/pct_string_view.hpp>

#include <array>
#include <deque>
#include <map>
#include <stdexcept>

namespace tablero::http {

namespace {

enum class SegmentKind { literal, param, rest };

struct Segment {
    SegmentKind kind = SegmentKind::literal;
    // The literal text, or the parameter's name.
    std::string text;
};

// "/plans/{code}" and "/plans/x" both split after the leading slash: {"plans", "{code}"}. A
// trailing slash gives a last empty segment, so "/plans/" and "/plans" stay distinct.
std::vector<std::string_view> split_path(std::string_view path)
{
    std::vector<std::string_view> parts;
    if (!path.empty() && path.front() == '/')
        path.remove_prefix(1);
    while (true) {
        auto slash = path.find('/');
        parts.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos)
            break;
        path.remove_prefix(slash + 1);
    }
    return parts;
}

std::vector<Segment> parse_pattern(const std::string& pattern)
{
    // A malformed pattern is a programming error found at start-up, hence an exception.
    if (pattern.empty() || pattern.front() != '/')
        throw std::invalid_argument("route pattern must start with '/': " + pattern);
    std::vector<Segment> segments;
    auto parts = split_path(pattern);
    for (std::size_t i = 0; i < parts.size(); ++i) {
        auto part = parts[i];
        if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
            auto name = part.substr(1, part.size() - 2);
            if (name.size() > 3 && name.substr(name.size() - 3) == "...") {
                if (i + 1 != parts.size())
                    throw std::invalid_argument("'{name...}' must be the last segment: " + pattern);
                segments.push_back(
                    {SegmentKind::rest, std::string(name.substr(0, name.size() - 3))});
            } else {
                segments.push_back({SegmentKind::param, std::string(name)});
            }
        } else {
            segments.push_back({SegmentKind::literal, std::string(part)});
        }
    }
    return segments;
}

// The order methods are listed in an Allow header, so that it reads the same every time.
constexpr std::array<Verb, 7> allow_order = {
    Verb::get, Verb::head, Verb::post, Verb::put, Verb::patch, Verb::delete_, Verb::options};

struct Entry {
    std::string pattern;
    std::vector<Segment> segments;
    std::map<Verb, Handler> handlers;
    std::size_t index = 0;
};

// Matches path segments against a pattern; on success fills params and a rank, the kinds of
// the segments in order, so that comparing ranks makes a literal win over a parameter at the
// first segment where two patterns differ.
bool match_entry(const Entry& entry, const std::vector<std::string_view>& parts,
    std::vector<std::pair<std::string, std::string>>& params, std::vector<SegmentKind>& rank)
{
    params.clear();
    rank.clear();
    const auto& segments = entry.segments;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const auto& segment = segments[i];
        if (segment.kind == SegmentKind::rest) {
            if (i >= parts.size())
                return false;
            std::string rest;
            for (std::size_t j = i; j < parts.size(); ++j) {
                // A ".." in the rest of a path would let "/static/{path...}" climb out of its
                // folder; such a path matches nothing.
                if (parts[j] == ".." || parts[j].find('/') != std::string_view::npos)
                    return false;
                if (j > i)
                    rest += '/';
                rest += parts[j];
            }
            params.emplace_back(segment.text, std::move(rest));
            rank.push_back(segment.kind);
            return true;
        }
        if (i >= parts.size())
            return false;
        if (segment.kind == SegmentKind::literal) {
            if (parts[i] != segment.text)
                return false;
        } else {
            if (parts[i].empty())
                return false;
            params.emplace_back(segment.text, std::string(parts[i]));
        }
        rank.push_back(segment.kind);
    }
    return segments.size() == parts.size();
}

}  // namespace

struct Router::Impl {
    // A deque keeps entries in place as routes are added, so Match may point into them.
    std::deque<Entry> entries;
    std::map<std::string, std::size_t, std::less<>> by_pattern;
    std::vector<std::string> routes;
};

Router::Router() : m_impl(std::make_unique<Impl>())
{
}

Router::~Router() = default;

void Router::add(Verb method, std::string pattern, Handler handler)
{
    auto found = m_impl->by_pattern.find(pattern);
    if (found == m_impl->by_pattern.end()) {
        Entry entry;
        entry.segments = parse_pattern(pattern);
        entry.pattern = pattern;
        entry.index = m_impl->entries.size();
        m_impl->entries.push_back(std::move(entry));
        m_impl->routes.push_back(pattern);
        found = m_impl->by_pattern.emplace(std::move(pattern), m_impl->entries.size() - 1).first;
    }
    auto& handlers = m_impl->entries[found->second].handlers;
    if (handlers.contains(method))
        throw std::invalid_argument("route registered twice: " + found->first);
    handlers.emplace(method, std::move(handler));
}

Router::Match Router::match(Verb method, std::string_view encoded_path) const
{
    std::vector<std::string> decoded;
    for (std::string_view part : split_path(encoded_path)) {
        auto valid = boost::urls::make_pct_string_view(part);
        if (!valid)
            return {};
        decoded.push_back(valid->decode());
        if (decoded.back().find('\0') != std::string::npos)
            return {};
    }
    const std::vector<std::string_view> parts(decoded.begin(), decoded.end());
    Match best;
    std::vector<SegmentKind> best_rank;
    std::vector<std::pair<std::string, std::string>> params;
    std::vector<SegmentKind> rank;
    bool path_known = false;
    std::array<bool, allow_order.size()> allowed{};

    for (const auto& entry : m_impl->entries) {
        if (!match_entry(entry, parts, params, rank))
            continue;
        path_known = true;
        auto handler = entry.handlers.find(method);
        // RFC 9110 section 9.3.2: HEAD is GET without the body, so GET's handler answers it.
        if (handler == entry.handlers.end() && method == Verb::head)
            handler = entry.handlers.find(Verb::get);
        if (handler == entry.handlers.end()) {
            for (std::size_t i = 0; i < allow_order.size(); ++i) {
                bool has = entry.handlers.contains(allow_order[i]) ||
                    (allow_order[i] == Verb::head && entry.handlers.contains(Verb::get));
                allowed[i] = allowed[i] || has;
            }
            continue;
        }
        if (best.outcome == Outcome::found && !(rank < best_rank))
            continue;
        best.outcome = Outcome::found;
        best.handler = &handler->second;
        best.route = &entry.pattern;
        best.route_index = entry.index;
        best.params = params;
        best_rank = rank;
    }
    if (best.outcome == Outcome::found || !path_known)
        return best;

    best.outcome = Outcome::method_not_allowed;
    for (std::size_t i = 0; i < allow_order.size(); ++i) {
        if (!allowed[i])
            continue;
        if (!best.allowed.empty())
            best.allowed += ", ";
        best.allowed += std::string_view(beast_http::to_string(allow_order[i]));
    }
    return best;
}

const std::vector<std::string>& Router::routes() const
{
    return m_impl->routes;
}

std::vector<std::string> Router::routes_for(Verb method) const
{
    std::vector<std::string> patterns;
    for (const Entry& entry : m_impl->entries) {
        if (entry.handlers.contains(method))
            patterns.push_back(entry.pattern);
    }
    return patterns;
}

}  // namespace tablero::http
