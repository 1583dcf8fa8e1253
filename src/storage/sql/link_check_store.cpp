#include "storage/link_check_store.h"

#include "core/date.h"

#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include <algorithm>
#include <set>

namespace tablero::storage {

namespace {

bool is_http_address(std::string_view url)
{
    auto starts_with = [&](std::string_view prefix) {
        return url.size() >= prefix.size() &&
            std::equal(prefix.begin(), prefix.end(), url.begin(), [](char p, char c) {
                return p == (c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
            });
    };
    return starts_with("http://") || starts_with("https://");
}

int two_digits(std::string_view text)
{
    if (text.size() != 2 || text[0] < '0' || text[0] > '9' || text[1] < '0' || text[1] > '9')
        return -1;
    return (text[0] - '0') * 10 + (text[1] - '0');
}

// The moment to_sql_timestamp wrote as "2024-05-01T12:00:00Z"; nullopt for any other text.
std::optional<std::chrono::system_clock::time_point> parse_sql_timestamp(std::string_view text)
{
    if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
        text[19] != 'Z')
        return std::nullopt;
    const auto date = parse_iso_date(text.substr(0, 10));
    const int hours = two_digits(text.substr(11, 2));
    const int minutes = two_digits(text.substr(14, 2));
    const int seconds = two_digits(text.substr(17, 2));
    if (!date.ok() || hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || seconds < 0 ||
        seconds > 60)
        return std::nullopt;
    return std::chrono::system_clock::time_point{
               std::chrono::sys_days{std::chrono::days{days_since_epoch(*date)}}} +
        std::chrono::hours{hours} + std::chrono::minutes{minutes} + std::chrono::seconds{seconds};
}

// Runs a one-column text query and hands each value to `each`.
template <typename Each> void each_text(soci::session& session, const char* sql, Each each)
{
    std::string value;
    soci::statement select = (session.prepare << sql, soci::into(value));
    select.execute();
    while (select.fetch())
        each(value);
}

class SqlLinkCheckStore final : public LinkCheckStore {
public:
    explicit SqlLinkCheckStore(Database& database) : m_database(database) { }

    Result<std::vector<evidence::LinkSeen>> links_to_check() override
    {
        return m_database.read(
            [](soci::session& session) -> Result<std::vector<evidence::LinkSeen>> {
                std::set<std::string> urls;
                auto add = [&urls](const std::string& url) {
                    if (is_http_address(url))
                        urls.insert(url);
                };
                // LOWER: PostgreSQL's LIKE is case-sensitive, SQLite's is not; the exact scheme is
                // checked above.
                each_text(session,
                    "SELECT DISTINCT url FROM evidence WHERE LOWER(url) LIKE 'http%'", add);
                // Pending submissions keep their evidence as JSON, [{"title", "url", "date"}]
                // (storage/sql/workspace_store.cpp); it reaches the evidence table only when
                // approved.
                each_text(session,
                    "SELECT evidence_json FROM submitted_updates WHERE state = 'pending'",
                    [&add](const std::string& text) {
                        const auto list = nlohmann::json::parse(text, nullptr, false);
                        if (!list.is_array())
                            return;
                        for (const auto& item : list) {
                            if (item.is_object() && item.contains("url") && item["url"].is_string())
                                add(item["url"].get<std::string>());
                        }
                    });

                std::map<std::string, std::chrono::system_clock::time_point> checked;
                std::string url;
                std::string checked_at;
                soci::statement select =
                    (session.prepare << "SELECT url, checked_at FROM link_checks", soci::into(url),
                        soci::into(checked_at));
                select.execute();
                while (select.fetch()) {
                    if (auto moment = parse_sql_timestamp(checked_at))
                        checked[url] = *moment;
                }

                std::vector<evidence::LinkSeen> out;
                out.reserve(urls.size());
                for (const auto& each : urls) {
                    evidence::LinkSeen seen{each, std::nullopt};
                    if (auto found = checked.find(each); found != checked.end())
                        seen.last_checked = found->second;
                    out.push_back(std::move(seen));
                }
                return out;
            });
    }

    Result<void> record(const std::string& url, const evidence::LinkCheckResult& result,
        std::chrono::system_clock::time_point at) override
    {
        const std::string outcome(evidence::to_string(result.outcome));
        const int status = result.http_status;
        const std::string when = to_sql_timestamp(at);
        // A check is the system observing the web, not anyone changing Tablero's data: it
        // changes no public page (write_unseen leaves the page and plan caches alone) and it has
        // no author, so it appends no audit entry. Only officers see the outcome.
        return m_database.write_unseen([&](soci::session& session) -> Result<void> {
            session << "INSERT INTO link_checks (url, outcome, http_status, detail, checked_at)"
                       " VALUES (:url, :outcome, :status, :detail, :at)"
                       " ON CONFLICT (url) DO UPDATE SET outcome = excluded.outcome,"
                       " http_status = excluded.http_status, detail = excluded.detail,"
                       " checked_at = excluded.checked_at",
                soci::use(url), soci::use(outcome), soci::use(status), soci::use(result.detail),
                soci::use(when);
            return {};
        });
    }

    Result<std::map<std::string, LinkCheck>> latest(const std::vector<std::string>& urls) override
    {
        return m_database.read(
            [&urls](soci::session& session) -> Result<std::map<std::string, LinkCheck>> {
                std::map<std::string, LinkCheck> out;
                if (urls.empty())
                    return out;
                std::string url;
                std::string outcome;
                LinkCheck check;
                soci::statement select = (session.prepare
                        << "SELECT outcome, http_status, detail, checked_at FROM link_checks"
                           " WHERE url = :url",
                    soci::use(url), soci::into(outcome), soci::into(check.http_status),
                    soci::into(check.detail), soci::into(check.checked_at));
                for (const auto& each : urls) {
                    if (out.contains(each))
                        continue;
                    url = each;
                    if (!select.execute(true))
                        continue;
                    check.outcome = evidence::parse_link_outcome(outcome).value_or(
                        evidence::LinkOutcome::unreachable);
                    out.emplace(each, check);
                }
                return out;
            });
    }

private:
    Database& m_database;
};

}  // namespace

std::unique_ptr<LinkCheckStore> make_link_check_store(Database& database)
{
    return std::make_unique<SqlLinkCheckStore>(database);
}

}  // namespace tablero::storage
