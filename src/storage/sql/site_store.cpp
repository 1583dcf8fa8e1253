#include "storage/site_store.h"

#include "core/clock.h"

#include <soci/soci.h>

namespace tablero::storage {

namespace {

// Keys are lowercase words with dots and underscores ("site.name", "home.intro_text"): one
// spelling per setting, safe in a form field name and a template.
bool is_valid_key(const std::string& key)
{
    if (key.empty() || key.size() > 100 || key.front() == '.' || key.back() == '.')
        return false;
    char previous = 0;
    for (char c : key) {
        const bool allowed =
            (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
        if (!allowed || (c == '.' && previous == '.'))
            return false;
        previous = c;
    }
    return true;
}

class SqlSiteStore final : public SiteStore {
public:
    explicit SqlSiteStore(Database& database) : m_database(database) { }

    Result<std::optional<std::string>> setting(const std::string& key) override
    {
        return m_database.read([&](soci::session& session) -> Result<std::optional<std::string>> {
            std::string value;
            soci::statement select =
                (session.prepare << "SELECT value FROM site_settings WHERE key = :key",
                    soci::use(key), soci::into(value));
            if (!select.execute(true))
                return std::optional<std::string>();
            return std::optional<std::string>(std::move(value));
        });
    }

    Result<std::map<std::string, std::string>> settings() override
    {
        return m_database.read(
            [](soci::session& session) -> Result<std::map<std::string, std::string>> {
                std::map<std::string, std::string> all;
                soci::rowset<soci::row> rows = session.prepare
                    << "SELECT key, value FROM site_settings";
                for (const auto& row : rows)
                    all.emplace(row.get<std::string>(0), row.get<std::string>(1));
                return all;
            });
    }

    Result<void> put_settings(
        const std::vector<std::pair<std::string, std::string>>& values) override
    {
        // Every key is checked before the transaction, so a bad one leaves the batch unwritten.
        for (const auto& [key, value] : values) {
            if (!is_valid_key(key))
                return fail(ErrorCode::invalid_argument,
                    "setting key \"" + key +
                        "\" is invalid: use lowercase words with dots and underscores, such as "
                        "site.name",
                    key);
        }
        if (values.empty())
            return {};
        const std::string updated_at = to_sql_timestamp(SystemClock().now());
        return m_database.write([&](soci::session& session) -> Result<void> {
            std::string key;
            std::string value;
            soci::statement upsert =
                (session.prepare << "INSERT INTO site_settings (key, value, updated_at)"
                                    " VALUES (:key, :value, :updated_at)"
                                    " ON CONFLICT (key) DO UPDATE"
                                    " SET value = excluded.value, updated_at = excluded.updated_at",
                    soci::use(key), soci::use(value), soci::use(updated_at));
            for (const auto& [new_key, new_value] : values) {
                key = new_key;
                value = new_value;
                upsert.execute(true);
            }
            return {};
        });
    }

private:
    Database& m_database;
};

}  // namespace

std::unique_ptr<SiteStore> make_site_store(Database& database)
{
    return std::make_unique<SqlSiteStore>(database);
}

}  // namespace tablero::storage
