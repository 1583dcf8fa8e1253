// consultation_load: many citizens voting and commenting at once on one consultation, over HTTP,
// against a running `tablero serve` (issue 6: "200 concurrent clients voting and commenting for
// 60 s ... afterwards the stored counts equal the number of successful responses exactly, and
// p99 stays under 100 ms"). bench/consultation_load.sh creates the accounts, starts the server,
// runs this client and compares the database with the record it writes.
//
// Each client is one account on one keep-alive connection: it signs in as a browser does (GET
// /sign-in for the form's CSRF token and cookie, POST /sign-in, GET /account for the session's
// CSRF token), then until the time is up it waits a think time, picks a vote (a random item of
// the consultation, a random choice) or a comment (on a random paragraph of a draft), sends the
// form and times the answer. Success is 303 See Other, as for every form in Tablero. What the
// consultation offers is read from its pages like a participant would: the vote forms and
// proposal links of /consultations/{id}, the comment forms of each draft.
//
// With --acknowledged FILE (tests/faults/crash_safety.sh) every write is appended to FILE the
// moment its answer arrives, flushed: "comment", "vote" or "progress" when it was answered 303,
// the same with "?" when it got no answer (the server was killed: it may or may not be stored).
// A client then stops at its first request without an answer, and --officer-email adds one
// client, an officer, who reports progress on the results /workspace offers.
//
// The record (--record) lists every successful comment's id (from its Location,
// #comment-<id>) and, per account and item, the choice of the last successful vote: a client
// sends one request at a time, so its successes reach the database in the order it sees them.
//
//   consultation_load --url http://127.0.0.1:8080/ --consultation 1 --accounts 200
//       --email-format load-%04d@bench.example --password '...' --seconds 60
//       --think-ms 2000 --record record.tsv
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr auto as_result = asio::as_tuple(asio::use_awaitable);

struct Options {
    std::string host = "127.0.0.1";
    std::string port = "8080";
    std::int64_t consultation = 0;
    int accounts = 200;
    std::string email_format = "load-%04d@bench.example";
    std::string password;
    double seconds = 60;
    // Each client waits uniformly between 0 and this long before each request; 0: no wait.
    int think_ms = 2000;
    // The share of requests that are comments; the rest are votes.
    double comment_share = 0.5;
    // Proposals to create before the run when the consultation has none to vote on.
    int create_proposals = 0;
    // Sign-ins at once: each costs the server an argon2id verification (~0.1 s of a core).
    int sign_in_parallel = 4;
    // A request without an answer after this long counts as "no answer".
    int timeout_s = 30;
    unsigned seed = 1;
    std::string record;
    // Setup instead of a run: the administrator (--admin-email, --password) creates a
    // consultation of this plan with every phase open and the plan as its draft.
    std::string setup_plan;
    std::string admin_email;
    // Every answered or unanswered write, appended as it happens (crash tests).
    std::string acknowledged;
    // An officer who reports progress beside the citizens (same password).
    std::string officer_email;
};

// The file of --acknowledged, written by the single thread that runs every client.
std::ofstream acknowledged_file;

void acknowledge(const std::string& line)
{
    if (!acknowledged_file.is_open())
        return;
    acknowledged_file << line << '\n';
    acknowledged_file.flush();
}

[[noreturn]] void usage(const std::string& why)
{
    std::cerr << "consultation_load: " << why << "\n"
              << "usage: consultation_load --url http://HOST:PORT/ --consultation ID --password P\n"
                 "  [--accounts 200] [--email-format load-%04d@bench.example] [--seconds 60]\n"
                 "  [--think-ms 2000] [--comment-share 0.5] [--create-proposals 0]\n"
                 "  [--sign-in-parallel 4] [--timeout-s 30] [--seed 1] [--record FILE]\n"
                 "  [--acknowledged FILE] [--officer-email EMAIL]\n"
                 "or:    consultation_load --url http://HOST:PORT/ --setup-consultation PLAN\n"
                 "  --admin-email EMAIL --password P   (prints the new consultation's id)\n";
    std::exit(2);
}

Options parse_options(int argc, char** argv)
{
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string name = argv[i];
        if (i + 1 >= argc)
            usage(name + " needs a value");
        const std::string value = argv[++i];
        try {
            if (name == "--url") {
                // http://HOST:PORT/ only: the server this bench loads listens on plain HTTP.
                const std::string prefix = "http://";
                if (value.rfind(prefix, 0) != 0)
                    usage("--url must start with http://");
                std::string rest = value.substr(prefix.size());
                rest = rest.substr(0, rest.find('/'));
                const auto colon = rest.rfind(':');
                options.host = rest.substr(0, colon);
                options.port = colon == std::string::npos ? "80" : rest.substr(colon + 1);
            } else if (name == "--consultation")
                options.consultation = std::stoll(value);
            else if (name == "--accounts")
                options.accounts = std::stoi(value);
            else if (name == "--email-format")
                options.email_format = value;
            else if (name == "--password")
                options.password = value;
            else if (name == "--seconds")
                options.seconds = std::stod(value);
            else if (name == "--think-ms")
                options.think_ms = std::stoi(value);
            else if (name == "--comment-share")
                options.comment_share = std::stod(value);
            else if (name == "--create-proposals")
                options.create_proposals = std::stoi(value);
            else if (name == "--sign-in-parallel")
                options.sign_in_parallel = std::max(1, std::stoi(value));
            else if (name == "--timeout-s")
                options.timeout_s = std::stoi(value);
            else if (name == "--seed")
                options.seed = static_cast<unsigned>(std::stoul(value));
            else if (name == "--record")
                options.record = value;
            else if (name == "--setup-consultation")
                options.setup_plan = value;
            else if (name == "--admin-email")
                options.admin_email = value;
            else if (name == "--acknowledged")
                options.acknowledged = value;
            else if (name == "--officer-email")
                options.officer_email = value;
            else
                usage("unknown option " + name);
        } catch (const std::logic_error&) {
            usage("bad value for " + name + ": " + value);
        }
    }
    if (!options.setup_plan.empty() && options.admin_email.empty())
        usage("--setup-consultation needs --admin-email");
    if (options.setup_plan.empty() && options.consultation <= 0)
        usage("--consultation is required");
    if (options.password.empty())
        usage("--password is required");
    return options;
}

std::string email_of(const Options& options, int index)
{
    char buffer[256];
    std::snprintf(buffer, sizeof buffer, options.email_format.c_str(), index);
    return buffer;
}

// ---- forms and pages ----

// A form's fields in order, as a browser sends them.
using Fields = std::vector<std::pair<std::string, std::string>>;

// application/x-www-form-urlencoded (the HTML standard's serializer).
std::string form_encode(const Fields& fields)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const auto& [name, value] : fields) {
        if (!out.empty())
            out += '&';
        for (const std::string* text : {&name, &value}) {
            for (const unsigned char c : *text) {
                if (std::isalnum(c) || c == '*' || c == '-' || c == '.' || c == '_')
                    out += static_cast<char>(c);
                else if (c == ' ')
                    out += '+';
                else {
                    out += '%';
                    out += hex[c >> 4];
                    out += hex[c & 15];
                }
            }
            if (text == &name)
                out += '=';
        }
    }
    return out;
}

std::string html_unescape(std::string_view text)
{
    static const std::pair<std::string_view, char> entities[] = {{"&amp;", '&'}, {"&lt;", '<'},
        {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}, {"&#x27;", '\''}, {"&#x2F;", '/'},
        {"&#47;", '/'}, {"&#x3D;", '='}, {"&#61;", '='}, {"&#96;", '`'}, {"&#x60;", '`'}};
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        bool replaced = false;
        if (text[i] == '&') {
            for (const auto& [entity, c] : entities) {
                if (text.substr(i, entity.size()) == entity) {
                    out += c;
                    i += entity.size();
                    replaced = true;
                    break;
                }
            }
        }
        if (!replaced)
            out += text[i++];
    }
    return out;
}

// The attributes of one start tag ("<input type=hidden name="kind" value="x">"), unescaped.
std::map<std::string, std::string> attributes_of(std::string_view tag)
{
    std::map<std::string, std::string> out;
    std::size_t i = tag.find_first_of(" \t\r\n");
    while (i != std::string_view::npos && i < tag.size()) {
        i = tag.find_first_not_of(" \t\r\n/>", i);
        if (i == std::string_view::npos)
            break;
        const std::size_t name_end = tag.find_first_of("= \t\r\n/>", i);
        std::string name(tag.substr(i, name_end - i));
        std::transform(name.begin(), name.end(), name.begin(),
            [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        i = name_end;
        if (i < tag.size() && tag[i] == '=') {
            ++i;
            std::size_t value_end;
            std::size_t value_start = i;
            if (i < tag.size() && (tag[i] == '"' || tag[i] == '\'')) {
                value_start = i + 1;
                value_end = tag.find(tag[i], value_start);
                i = value_end == std::string_view::npos ? tag.size() : value_end + 1;
            } else {
                value_end = tag.find_first_of(" \t\r\n>", i);
                i = value_end;
            }
            out[name] = html_unescape(tag.substr(value_start, value_end - value_start));
        } else {
            out[name] = "";
        }
    }
    return out;
}

// Every start tag named tag_name ("input", "form") in text, as its attributes.
std::vector<std::map<std::string, std::string>> tags(std::string_view text, std::string_view name)
{
    std::vector<std::map<std::string, std::string>> out;
    const std::string open = "<" + std::string(name);
    for (std::size_t at = text.find(open); at != std::string_view::npos;
         at = text.find(open, at + 1)) {
        const char after = at + open.size() < text.size() ? text[at + open.size()] : '>';
        if (!(after == ' ' || after == '>' || after == '\n' || after == '\t'))
            continue;
        const std::size_t end = text.find('>', at);
        if (end == std::string_view::npos)
            break;
        out.push_back(attributes_of(text.substr(at, end - at + 1)));
    }
    return out;
}

// A form of a page: its action and the values of its inputs (hidden ones, and the first of a
// radio group).
struct Form {
    std::string action;
    std::map<std::string, std::string> values;
};

std::vector<Form> forms_of(std::string_view page)
{
    std::vector<Form> out;
    for (std::size_t at = page.find("<form"); at != std::string_view::npos;
         at = page.find("<form", at + 1)) {
        const std::size_t close = page.find("</form>", at);
        if (close == std::string_view::npos)
            break;
        const std::string_view body = page.substr(at, close - at);
        Form form;
        form.action = attributes_of(body.substr(0, body.find('>') + 1))["action"];
        for (auto& input : tags(body, "input"))
            if (input.count("name") && !form.values.count(input["name"]))
                form.values[input["name"]] = input["value"];
        for (auto& select : tags(body, "select"))
            form.values.emplace(select["name"], "");
        out.push_back(std::move(form));
    }
    return out;
}

// Whether a form's action (its query, such as ?lang=es, left out) ends with end.
bool action_ends_with(std::string_view action, std::string_view end)
{
    action = action.substr(0, action.find('?'));
    return action.size() >= end.size() && action.substr(action.size() - end.size()) == end;
}

// The numbers after each occurrence of prefix ("/consultations/1/proposals/") in text.
std::set<std::int64_t> ids_after(std::string_view text, std::string_view prefix)
{
    std::set<std::int64_t> out;
    for (std::size_t at = text.find(prefix); at != std::string_view::npos;
         at = text.find(prefix, at + 1)) {
        std::size_t i = at + prefix.size();
        std::int64_t id = 0;
        bool digits = false;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
            id = id * 10 + (text[i++] - '0');
            digits = true;
        }
        // "/proposals/new" is a page, not a proposal.
        if (digits)
            out.insert(id);
    }
    return out;
}

// ---- HTTP ----

struct Answer {
    // 0: no answer (the connection failed or timed out).
    int status = 0;
    std::string location;
    std::string body;
    std::string error;
};

// One keep-alive connection and the cookies of one browser.
class Browser {
public:
    Browser(asio::any_io_executor executor, const Options& options)
        : m_stream(executor), m_options(options)
    {
    }

    asio::awaitable<Answer> get(const std::string& target)
    {
        co_return co_await exchange(http::verb::get, target, "");
    }

    asio::awaitable<Answer> post(const std::string& target, const Fields& fields)
    {
        co_return co_await exchange(http::verb::post, target, form_encode(fields));
    }

    std::string cookie(const std::string& name) const
    {
        auto found = m_cookies.find(name);
        return found == m_cookies.end() ? "" : found->second;
    }

    // A new connection, the old one closed. Empty, or what went wrong.
    asio::awaitable<std::string> reconnect()
    {
        if (m_connected)
            drop();
        m_stream.expires_after(std::chrono::seconds(m_options.timeout_s));
        tcp::resolver resolver(m_stream.get_executor());
        auto [resolve_error, endpoints] =
            co_await resolver.async_resolve(m_options.host, m_options.port, as_result);
        if (resolve_error)
            co_return "resolve: " + resolve_error.message();
        auto [connect_error, endpoint] = co_await m_stream.async_connect(endpoints, as_result);
        if (connect_error)
            co_return "connect: " + connect_error.message();
        m_stream.socket().set_option(tcp::no_delay(true));
        m_connected = true;
        co_return "";
    }

private:
    asio::awaitable<Answer> exchange(http::verb verb, const std::string& target, std::string body)
    {
        Answer answer;
        // Well before the server's idle timeout (a minute) closes it, a quiet connection is
        // replaced, so that no request is sent into a connection being closed.
        if (!m_connected || Clock::now() - m_last_used > std::chrono::seconds(20)) {
            answer.error = co_await reconnect();
            if (!answer.error.empty())
                co_return answer;
        }
        m_stream.expires_after(std::chrono::seconds(m_options.timeout_s));
        http::request<http::string_body> request{verb, target, 11};
        request.set(http::field::host, m_options.host + ":" + m_options.port);
        request.set(http::field::user_agent, "tablero-consultation-load");
        request.set(http::field::accept_language, "es");
        request.keep_alive(true);
        std::string cookies;
        for (const auto& [name, value] : m_cookies)
            cookies += (cookies.empty() ? "" : "; ") + name + "=" + value;
        if (!cookies.empty())
            request.set(http::field::cookie, cookies);
        if (verb == http::verb::post)
            request.set(http::field::content_type, "application/x-www-form-urlencoded");
        request.body() = std::move(body);
        request.prepare_payload();

        auto [write_error, written] = co_await http::async_write(m_stream, request, as_result);
        if (write_error) {
            answer.error = "write: " + write_error.message();
            drop();
            co_return answer;
        }
        http::response_parser<http::string_body> parser;
        parser.body_limit(16 * 1024 * 1024);
        auto [read_error, read] = co_await http::async_read(m_stream, m_buffer, parser, as_result);
        if (read_error) {
            answer.error = "read: " + read_error.message();
            drop();
            co_return answer;
        }
        m_last_used = Clock::now();
        auto response = parser.release();
        answer.status = static_cast<int>(response.result_int());
        answer.location = std::string(response[http::field::location]);
        for (auto [at, end] = response.equal_range(http::field::set_cookie); at != end; ++at)
            keep_cookie(at->value());
        answer.body = std::move(response.body());
        if (!response.keep_alive())
            drop();
        co_return answer;
    }

    void keep_cookie(std::string_view header)
    {
        const std::string_view pair = header.substr(0, header.find(';'));
        const auto equals = pair.find('=');
        if (equals == std::string_view::npos)
            return;
        const std::string name(pair.substr(0, equals));
        const std::string value(pair.substr(equals + 1));
        if (value.empty() || header.find("Max-Age=0") != std::string_view::npos)
            m_cookies.erase(name);
        else
            m_cookies[name] = value;
    }

    void drop()
    {
        beast::error_code ignored;
        m_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        m_stream.close();
        m_buffer.clear();
        m_connected = false;
    }

    beast::tcp_stream m_stream;
    beast::flat_buffer m_buffer;
    const Options& m_options;
    bool m_connected = false;
    Clock::time_point m_last_used;
    std::map<std::string, std::string> m_cookies;
};

std::string describe(const Answer& answer)
{
    if (answer.status == 0)
        return "no answer (" + answer.error + ")";
    return "HTTP " + std::to_string(answer.status);
}

// ---- what the consultation offers ----

struct VoteItem {
    std::string kind;
    std::string key;
    auto operator<=>(const VoteItem&) const = default;
};

struct Paragraph {
    std::string document;
    std::string paragraph;
    auto operator<=>(const Paragraph&) const = default;
};

struct Offer {
    std::vector<VoteItem> items;
    std::vector<Paragraph> paragraphs;
    // The officer's report pages (/workspace/plans/.../results/...), from /workspace.
    std::vector<std::string> reports;
};

// ---- the clients ----

enum class Kind { vote, comment, progress };

struct Sample {
    Kind kind;
    int status;
    std::int64_t microseconds;
};

struct Client {
    Client(asio::any_io_executor executor, const Options& options, int index_)
        : browser(executor, options),
          index(index_),
          email(email_of(options, index_)),
          random(options.seed * 1000003u + static_cast<unsigned>(index_))
    {
    }

    Browser browser;
    int index;
    std::string email;
    // The officer reports progress instead of voting and commenting.
    bool officer = false;
    std::string csrf;
    std::mt19937_64 random;
    std::vector<Sample> samples;
    std::vector<std::int64_t> comment_ids;
    // The last successful vote's choice per item.
    std::map<VoteItem, std::string> votes;
    // Comments answered 303 without #comment-<id> in their Location.
    int comments_without_id = 0;
    // The first answer of each unexpected status, for the report.
    std::map<int, std::string> first_refusal;
};

// Signs the client's account in and reads its session's CSRF token; throws with the reason.
asio::awaitable<void> sign_in(Client& client, const Options& options)
{
    auto form = co_await client.browser.get("/sign-in");
    if (form.status != 200)
        throw std::runtime_error("GET /sign-in: " + describe(form));
    const std::string anonymous = client.browser.cookie("tablero_csrf");
    // Named before the co_await: GCC 12 cannot keep a braced list alive across one.
    const Fields credentials{
        {"csrf", anonymous}, {"email", client.email}, {"password", options.password}};
    auto signed_in = co_await client.browser.post("/sign-in", credentials);
    if (signed_in.status != 303 || client.browser.cookie("tablero_session").empty())
        throw std::runtime_error(
            "POST /sign-in as " + client.email + ": " + describe(signed_in) + " (expected 303)");
    auto account = co_await client.browser.get("/account");
    if (account.status != 200)
        throw std::runtime_error("GET /account: " + describe(account));
    for (const auto& page_form : forms_of(account.body))
        if (auto found = page_form.values.find("csrf"); found != page_form.values.end()) {
            client.csrf = found->second;
            break;
        }
    if (client.csrf.empty())
        throw std::runtime_error("no CSRF token on /account for " + client.email);
}

// Reads the consultation's vote items and draft paragraphs from its pages.
asio::awaitable<Offer> read_offer(Client& client, const Options& options)
{
    const std::string base = "/consultations/" + std::to_string(options.consultation);
    auto overview = co_await client.browser.get(base);
    if (overview.status != 200)
        throw std::runtime_error("GET " + base + ": " + describe(overview));
    std::set<VoteItem> items;
    for (const auto& form : forms_of(overview.body)) {
        if (!action_ends_with(form.action, "/votes"))
            continue;
        auto kind = form.values.find("kind");
        auto key = form.values.find("key");
        if (kind != form.values.end() && key != form.values.end() && !key->second.empty())
            items.insert({kind->second, key->second});
    }
    for (const auto id : ids_after(overview.body, base + "/proposals/"))
        items.insert({"proposal", std::to_string(id)});

    Offer offer;
    offer.items.assign(items.begin(), items.end());
    std::set<Paragraph> paragraphs;
    for (const auto document : ids_after(overview.body, base + "/documents/")) {
        const std::string target = base + "/documents/" + std::to_string(document);
        auto page = co_await client.browser.get(target);
        if (page.status != 200)
            throw std::runtime_error("GET " + target + ": " + describe(page));
        // The form under each paragraph; replies (a parent) and whole-document comments (no
        // paragraph) are left out.
        for (auto& form : forms_of(page.body)) {
            if (!action_ends_with(form.action, "/comments") || form.values["parent"] != "" ||
                form.values["paragraph"].empty() || form.values["document"].empty())
                continue;
            paragraphs.insert({form.values["document"], form.values["paragraph"]});
        }
    }
    offer.paragraphs.assign(paragraphs.begin(), paragraphs.end());
    co_return offer;
}

// The report pages the officer's workspace links (not "?again=", which repeats an update):
// /workspace lists the officer's plans, and each plan's page its results (the first page of
// each, ten commitments: enough results to spread the load over).
asio::awaitable<std::vector<std::string>> read_reports(Client& officer)
{
    auto read = [&](std::string path) -> asio::awaitable<std::vector<std::string>> {
        auto page = co_await officer.browser.get(path);
        if (page.status != 200)
            throw std::runtime_error(
                "GET " + path + " as " + officer.email + ": " + describe(page));
        std::vector<std::string> links;
        for (auto& link : tags(page.body, "a")) {
            const std::string& href = link["href"];
            if (href.rfind("/workspace/plans/", 0) == 0 && href.find('?') == std::string::npos)
                links.push_back(href);
        }
        co_return links;
    };
    std::set<std::string> reports;
    for (const auto& plan : co_await read("/workspace")) {
        if (plan.find('/', std::string_view("/workspace/plans/").size()) != std::string::npos)
            continue;
        for (const auto& href : co_await read(plan)) {
            if (href.find("/results/") != std::string::npos)
                reports.insert(href);
        }
    }
    co_return std::vector<std::string>(reports.begin(), reports.end());
}

// Proposals to vote on, when the consultation has none (its proposals phase must be open).
asio::awaitable<void> create_proposals(Client& client, const Options& options)
{
    const std::string base = "/consultations/" + std::to_string(options.consultation);
    for (int i = 1; i <= options.create_proposals; ++i) {
        const Fields fields{{"csrf", client.csrf},
            {"title", "Propuesta de carga " + std::to_string(i)},
            {"problem", "Un problema que la prueba de carga describe."},
            {"proposal", "Una propuesta que la prueba de carga presenta."},
            {"institution", "Ministerio de la Carga"}};
        auto made = co_await client.browser.post(base + "/proposals", fields);
        if (made.status != 303)
            throw std::runtime_error("POST " + base + "/proposals: " + describe(made));
    }
}

// "YYYY-MM-DD", days from today (UTC).
std::string iso_date(int days_from_today)
{
    using namespace std::chrono;
    const year_month_day day{floor<days>(system_clock::now()) + days(days_from_today)};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(day.year()),
        static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
    return text;
}

// "YYYY-MM-DDT00:00", days from today (UTC): a datetime-local value for the admin form.
std::string local_midnight(int days_from_today)
{
    using namespace std::chrono;
    const year_month_day day{floor<days>(system_clock::now()) + days(days_from_today)};
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT00:00", static_cast<int>(day.year()),
        static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
    return text;
}

// The administrator creates a consultation of options.setup_plan through the unit's pages, its
// three phases open from two days ago until three days ahead (whatever the installation's time
// zone), and publishes the plan as its draft; returns its id.
asio::awaitable<std::int64_t> setup_consultation(Client& admin, const Options& options)
{
    const std::string opens = local_midnight(-2);
    const std::string closes = local_midnight(3);
    const Fields fields{{"csrf", admin.csrf}, {"title", "Consulta de la prueba de carga"},
        {"description", "Una consulta para medir votos y comentarios simultáneos."},
        {"plan", options.setup_plan}, {"results", "live"}, {"proposals_opens", opens},
        {"proposals_closes", closes}, {"comments_opens", opens}, {"comments_closes", closes},
        {"voting_opens", opens}, {"voting_closes", closes}};
    auto created = co_await admin.browser.post("/admin/consultations/new", fields);
    const auto ids = ids_after(created.location, "/admin/consultations/");
    if (created.status != 303 || ids.size() != 1)
        throw std::runtime_error("POST /admin/consultations/new: " + describe(created) + " " +
            created.location + created.body.substr(0, 300));
    const std::int64_t id = *ids.begin();
    const std::string target = "/admin/consultations/" + std::to_string(id) + "/documents";
    const Fields draft{{"csrf", admin.csrf}, {"title", "Borrador del plan"}, {"source", "plan"}};
    auto published = co_await admin.browser.post(target, draft);
    if (published.status != 303)
        throw std::runtime_error("POST " + target + ": " + describe(published));
    co_return id;
}

asio::awaitable<void> run_client(
    Client& client, const Options& options, const Offer& offer, Clock::time_point end)
{
    static const char* const choices[] = {"in_favour", "against", "abstain"};
    static const char* const stances[] = {"", "in_favour", "neutral", "against"};
    const std::string base = "/consultations/" + std::to_string(options.consultation);
    asio::steady_timer timer(co_await asio::this_coro::executor);
    const bool crash_test = !options.acknowledged.empty();
    if (auto failed = co_await client.browser.reconnect(); !failed.empty()) {
        // In a crash test the server may be gone already.
        if (crash_test)
            co_return;
        throw std::runtime_error(client.email + ": " + failed);
    }
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    int sent = 0;
    // In a crash test each text names the run's seed, so that texts of several runs differ.
    const std::string run_mark =
        crash_test ? " (ronda " + std::to_string(options.seed) + ")" : std::string();
    // A date the server's today (in any time zone) has reached.
    const std::string as_of = iso_date(-1);
    while (true) {
        if (options.think_ms > 0) {
            const auto pause = std::chrono::microseconds(
                static_cast<std::int64_t>(unit(client.random) * options.think_ms * 1000.0));
            if (Clock::now() + pause >= end)
                break;
            timer.expires_after(pause);
            co_await timer.async_wait(as_result);
        }
        if (Clock::now() >= end)
            break;
        const bool comment = !client.officer &&
            (offer.items.empty() ||
                (!offer.paragraphs.empty() && unit(client.random) < options.comment_share));
        Answer answer;
        std::string written;
        const auto started = Clock::now();
        if (client.officer) {
            const auto& target = offer.reports[client.random() % offer.reports.size()];
            const std::string note = "Avance " + std::to_string(++sent) + " del oficial" + run_mark;
            const Fields fields{{"csrf", client.csrf},
                {"percent", std::to_string(client.random() % 101)}, {"as_of", as_of},
                {"note", note}};
            answer = co_await client.browser.post(target, fields);
            written = "progress\t" + client.email + "\t" + note;
        } else if (comment) {
            const auto& on = offer.paragraphs[client.random() % offer.paragraphs.size()];
            const Fields fields{{"csrf", client.csrf}, {"document", on.document},
                {"paragraph", on.paragraph}, {"parent", ""},
                {"stance", stances[client.random() % 4]},
                {"body",
                    "Comentario " + std::to_string(++sent) + " de la cuenta " +
                        std::to_string(client.index) + run_mark +
                        ": propongo aclarar este párrafo."}};
            answer = co_await client.browser.post(base + "/comments", fields);
            written = "comment\t" + client.email + "\t" + fields.back().second;
        } else {
            const auto& item = offer.items[client.random() % offer.items.size()];
            const std::string choice = choices[client.random() % 3];
            const Fields fields{
                {"csrf", client.csrf}, {"kind", item.kind}, {"key", item.key}, {"choice", choice}};
            answer = co_await client.browser.post(base + "/votes", fields);
            if (answer.status == 303)
                client.votes[item] = choice;
            written = "vote\t" + client.email + "\t" + item.kind + "\t" + item.key + "\t" + choice;
        }
        const auto took =
            std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started);
        client.samples.push_back({client.officer ? Kind::progress
                : comment                        ? Kind::comment
                                                 : Kind::vote,
            answer.status, took.count()});
        std::string comment_id;
        if (comment && answer.status == 303) {
            const auto mark = answer.location.rfind("#comment-");
            if (mark == std::string::npos)
                ++client.comments_without_id;
            else {
                comment_id = answer.location.substr(mark + 9);
                client.comment_ids.push_back(std::stoll(comment_id));
            }
        }
        // "kind" for a 303, "kind?" for no answer (stored or not, nobody knows); a refusal with a
        // status stored nothing and is not recorded.
        if (answer.status == 303 || answer.status == 0) {
            const auto tab = written.find('\t');
            written.insert(tab, answer.status == 0 ? "?" : "");
            acknowledge(written + (comment_id.empty() ? "" : "\t" + comment_id));
        }
        if (crash_test && answer.status == 0)
            break;
        if (answer.status != 303 && !client.first_refusal.count(answer.status))
            client.first_refusal[answer.status] =
                answer.status == 0 ? answer.error : answer.body.substr(0, 300);
    }
}

// The nearest-rank percentile of sorted values.
double percentile(const std::vector<std::int64_t>& sorted, double p)
{
    if (sorted.empty())
        return 0;
    const auto rank =
        static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
    return static_cast<double>(sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)]) /
        1000.0;
}

void report(const std::vector<std::unique_ptr<Client>>& clients, double seconds)
{
    std::printf("%-8s %9s %9s %8s %9s %9s %9s %9s  %s\n", "kind", "requests", "303", "req/s",
        "p50 ms", "p90 ms", "p99 ms", "max ms", "other statuses");
    std::vector<std::int64_t> all_latencies;
    std::int64_t all_requests = 0;
    std::int64_t all_ok = 0;
    for (const Kind kind : {Kind::vote, Kind::comment, Kind::progress}) {
        std::vector<std::int64_t> latencies;
        std::map<int, std::int64_t> statuses;
        for (const auto& client : clients)
            for (const auto& sample : client->samples)
                if (sample.kind == kind) {
                    latencies.push_back(sample.microseconds);
                    ++statuses[sample.status];
                }
        if (kind == Kind::progress && latencies.empty())
            continue;
        std::sort(latencies.begin(), latencies.end());
        std::string others;
        for (const auto& [status, count] : statuses)
            if (status != 303)
                others += (status == 0 ? std::string("no answer") : std::to_string(status)) + ": " +
                    std::to_string(count) + " ";
        const std::int64_t ok = statuses[303];
        std::printf("%-8s %9zu %9lld %8.1f %9.2f %9.2f %9.2f %9.2f  %s\n",
            kind == Kind::vote          ? "vote"
                : kind == Kind::comment ? "comment"
                                        : "progress",
            latencies.size(), static_cast<long long>(ok),
            static_cast<double>(latencies.size()) / seconds, percentile(latencies, 50),
            percentile(latencies, 90), percentile(latencies, 99),
            latencies.empty() ? 0.0 : static_cast<double>(latencies.back()) / 1000.0,
            others.empty() ? "none" : others.c_str());
        all_latencies.insert(all_latencies.end(), latencies.begin(), latencies.end());
        all_requests += static_cast<std::int64_t>(latencies.size());
        all_ok += ok;
    }
    std::sort(all_latencies.begin(), all_latencies.end());
    std::printf("%-8s %9lld %9lld %8.1f %9.2f %9.2f %9.2f %9.2f\n", "all",
        static_cast<long long>(all_requests), static_cast<long long>(all_ok),
        static_cast<double>(all_requests) / seconds, percentile(all_latencies, 50),
        percentile(all_latencies, 90), percentile(all_latencies, 99),
        all_latencies.empty() ? 0.0 : static_cast<double>(all_latencies.back()) / 1000.0);
    std::map<int, std::string> refusals;
    for (const auto& client : clients)
        for (const auto& [status, text] : client->first_refusal)
            refusals.emplace(status, text);
    for (const auto& [status, text] : refusals)
        std::printf("first answer with status %d: %s\n", status, text.c_str());
}

// The record bench/consultation_load.sh checks the database against, one line each:
//   account <email>
//   comment <id>
//   vote <email> <kind> <key> <choice>
//   summary comment_ok <n> comment_without_id <n> vote_ok <n> no_answer <n>
void write_record(const std::vector<std::unique_ptr<Client>>& clients, const std::string& path)
{
    std::ofstream out(path);
    std::int64_t comment_ok = 0, without_id = 0, vote_ok = 0, no_answer = 0;
    for (const auto& client : clients) {
        out << "account\t" << client->email << '\n';
        for (const auto id : client->comment_ids)
            out << "comment\t" << id << '\n';
        for (const auto& [item, choice] : client->votes)
            out << "vote\t" << client->email << '\t' << item.kind << '\t' << item.key << '\t'
                << choice << '\n';
        without_id += client->comments_without_id;
        for (const auto& sample : client->samples) {
            if (sample.status == 303 && sample.kind != Kind::progress)
                ++(sample.kind == Kind::comment ? comment_ok : vote_ok);
            if (sample.status == 0)
                ++no_answer;
        }
    }
    out << "summary\tcomment_ok\t" << comment_ok << "\tcomment_without_id\t" << without_id
        << "\tvote_ok\t" << vote_ok << "\tno_answer\t" << no_answer << '\n';
    if (!out)
        throw std::runtime_error("could not write " + path);
}

}  // namespace

int main(int argc, char** argv)
{
    const Options options = parse_options(argc, argv);
    asio::io_context io;
    if (!options.setup_plan.empty()) {
        Client admin(io.get_executor(), options, 0);
        admin.email = options.admin_email;
        std::int64_t id = 0;
        std::exception_ptr failed;
        asio::co_spawn(
            io,
            [&]() -> asio::awaitable<void> {
                co_await sign_in(admin, options);
                id = co_await setup_consultation(admin, options);
            },
            [&failed](std::exception_ptr error) { failed = error; });
        io.run();
        try {
            if (failed)
                std::rethrow_exception(failed);
        } catch (const std::exception& error) {
            std::cerr << "consultation_load: " << error.what() << '\n';
            return 1;
        }
        std::printf("%lld\n", static_cast<long long>(id));
        return 0;
    }
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 1; i <= options.accounts; ++i)
        clients.push_back(std::make_unique<Client>(io.get_executor(), options, i));
    if (!options.officer_email.empty()) {
        clients.push_back(
            std::make_unique<Client>(io.get_executor(), options, options.accounts + 1));
        clients.back()->email = options.officer_email;
        clients.back()->officer = true;
    }
    if (!options.acknowledged.empty()) {
        acknowledged_file.open(options.acknowledged, std::ios::app);
        if (!acknowledged_file) {
            std::cerr << "consultation_load: cannot open " << options.acknowledged << '\n';
            return 1;
        }
    }

    std::exception_ptr failed;
    auto on_done = [&failed](std::exception_ptr error) {
        if (error && !failed)
            failed = error;
    };
    auto run = [&io, &failed](auto&& work) {
        asio::co_spawn(io, std::forward<decltype(work)>(work), [&failed](std::exception_ptr e) {
            if (e && !failed)
                failed = e;
        });
        io.run();
        io.restart();
        if (failed)
            std::rethrow_exception(failed);
    };

    try {
        // Sign every account in, a few at a time (argon2id is the server's cost here).
        const auto sign_in_start = Clock::now();
        std::size_t next = 0;
        for (int lane = 0; lane < options.sign_in_parallel; ++lane)
            asio::co_spawn(
                io,
                [&]() -> asio::awaitable<void> {
                    while (next < clients.size())
                        co_await sign_in(*clients[next++], options);
                },
                on_done);
        io.run();
        io.restart();
        if (failed)
            std::rethrow_exception(failed);
        const double sign_in_seconds =
            std::chrono::duration<double>(Clock::now() - sign_in_start).count();

        Offer offer;
        run([&]() -> asio::awaitable<void> {
            offer = co_await read_offer(*clients.front(), options);
            const bool has_proposals = std::any_of(offer.items.begin(), offer.items.end(),
                [](const VoteItem& item) { return item.kind == "proposal"; });
            if (!has_proposals && options.create_proposals > 0) {
                co_await create_proposals(*clients.front(), options);
                offer = co_await read_offer(*clients.front(), options);
            }
            if (clients.back()->officer) {
                offer.reports = co_await read_reports(*clients.back());
                if (offer.reports.empty())
                    throw std::runtime_error(
                        "/workspace offers " + clients.back()->email + " no result to report on");
            }
        });
        std::set<std::string> documents;
        for (const auto& paragraph : offer.paragraphs)
            documents.insert(paragraph.document);
        std::size_t proposals = 0;
        for (const auto& item : offer.items)
            proposals += item.kind == "proposal" ? 1 : 0;
        std::printf("signed in %d accounts in %.1f s (%d at a time)\n", options.accounts,
            sign_in_seconds, options.sign_in_parallel);
        std::printf("consultation %lld: %zu items to vote on (%zu proposals, %zu commitments), "
                    "%zu paragraphs in %zu drafts\n",
            static_cast<long long>(options.consultation), offer.items.size(), proposals,
            offer.items.size() - proposals, offer.paragraphs.size(), documents.size());
        if (offer.items.empty() && offer.paragraphs.empty())
            throw std::runtime_error("the consultation's pages offer nothing to vote on or "
                                     "comment on (no vote forms, proposals or comment forms)");

        std::printf("running %d clients for %.0f s, think time %s, %.0f %% comments\n",
            options.accounts, options.seconds,
            options.think_ms > 0 ? ("uniform 0-" + std::to_string(options.think_ms) + " ms").c_str()
                                 : "none",
            (offer.items.empty()               ? 1.0
                    : offer.paragraphs.empty() ? 0.0
                                               : options.comment_share) *
                100.0);
        std::fflush(stdout);
        const auto start = Clock::now();
        const auto end = start +
            std::chrono::duration_cast<Clock::duration>(
                std::chrono::duration<double>(options.seconds));
        for (auto& client : clients)
            asio::co_spawn(io, run_client(*client, options, offer, end), on_done);
        io.run();
        if (failed)
            std::rethrow_exception(failed);
        // The last requests started before the end and finished after it.
        const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
        std::printf("ran %.1f s\n", elapsed);
        report(clients, elapsed);
        if (!options.record.empty())
            write_record(clients, options.record);
    } catch (const std::exception& error) {
        std::cerr << "consultation_load: " << error.what() << '\n';
        return 1;
    }
    return 0;
}
