#include "cli/settings.h"

#include <gtest/gtest.h>

namespace tablero::cli {
namespace {

TEST(Settings, FlagsBeatEnvironmentBeatFileBeatDefaults)
{
    struct Row {
        const char* name;
        Values flags;
        Values environment;
        Values file;
        std::string db;
        std::string host;
        std::uint16_t port;
        unsigned threads;
    };
    const Row rows[] = {
        {"defaults", {}, {}, {}, "", "127.0.0.1", 8080, 0},
        {"file only", {}, {}, {{"db", "file.db"}, {"listen", "0.0.0.0:80"}}, "file.db", "0.0.0.0",
            80, 0},
        {"environment over file", {}, {{"db", "env.db"}}, {{"db", "file.db"}, {"threads", "3"}},
            "env.db", "127.0.0.1", 8080, 3},
        {"flag over environment", {{"db", "flag.db"}}, {{"db", "env.db"}}, {{"db", "file.db"}},
            "flag.db", "127.0.0.1", 8080, 0},
        {"each setting on its own", {{"listen", "[::1]:9000"}}, {{"threads", "2"}},
            {{"db", "postgresql://x@h/db"}}, "postgresql://x@h/db", "::1", 9000, 2},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        auto settings = resolve_settings(row.flags, row.environment, row.file, "tablero.conf");
        ASSERT_TRUE(settings.ok()) << describe(settings.error());
        EXPECT_EQ(settings->db, row.db);
        EXPECT_EQ(settings->listen.host, row.host);
        EXPECT_EQ(settings->listen.port, row.port);
        EXPECT_EQ(settings->threads, row.threads);
    }
}

TEST(Settings, BadValuesNameTheirSource)
{
    struct Row {
        const char* name;
        Values flags;
        Values environment;
        Values file;
        std::string where;
    };
    const Row rows[] = {
        {"bad flag", {{"listen", "8080"}}, {}, {}, "--listen"},
        {"bad environment", {}, {{"threads", "many"}}, {}, "TABLERO_THREADS"},
        {"bad file", {}, {}, {{"access_log", "maybe"}}, "tablero.conf: access_log"},
        {"flag with underscore", {{"pool_size", "0"}}, {}, {}, "--pool-size"},
        {"log level", {}, {{"log_level", "loud"}}, {}, "TABLERO_LOG_LEVEL"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        auto settings = resolve_settings(row.flags, row.environment, row.file, "tablero.conf");
        ASSERT_FALSE(settings.ok());
        EXPECT_EQ(settings.error().code, ErrorCode::invalid_argument);
        EXPECT_EQ(settings.error().where, row.where);
    }
}

TEST(Settings, ParsesListenAddresses)
{
    struct Row {
        const char* input;
        bool ok;
        std::string host;
        std::uint16_t port;
    };
    const Row rows[] = {
        {"127.0.0.1:8080", true, "127.0.0.1", 8080},
        {"localhost:0", true, "localhost", 0},
        {":8080", true, "0.0.0.0", 8080},
        {"[::1]:443", true, "::1", 443},
        {"::1:443", false, "", 0},
        {"127.0.0.1", false, "", 0},
        {"127.0.0.1:65536", false, "", 0},
        {"127.0.0.1:http", false, "", 0},
        {"", false, "", 0},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.input);
        auto listen = parse_listen(row.input);
        ASSERT_EQ(listen.ok(), row.ok);
        if (row.ok) {
            EXPECT_EQ(listen->host, row.host);
            EXPECT_EQ(listen->port, row.port);
        }
    }
}

TEST(Settings, ParsesConfigFiles)
{
    auto values = parse_config_file("# Tablero\n"
                                    "db = \"data/tablero.db\"  # the database\n"
                                    "\r\n"
                                    "listen=0.0.0.0:8080\r\n",
        "tablero.conf");
    ASSERT_TRUE(values.ok()) << describe(values.error());
    EXPECT_EQ(values->at("db"), "data/tablero.db");
    EXPECT_EQ(values->at("listen"), "0.0.0.0:8080");

    struct Row {
        const char* text;
        std::string where;
        std::string message;
    };
    const Row rows[] = {
        {"db = x\ncolour = blue\n", "tablero.conf line 2", "unknown setting \"colour\""},
        {"\n\njust words\n", "tablero.conf line 3", "expected \"key = value\""},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.text);
        auto bad = parse_config_file(row.text, "tablero.conf");
        ASSERT_FALSE(bad.ok());
        EXPECT_EQ(bad.error().where, row.where);
        EXPECT_EQ(bad.error().message, row.message);
    }
}

TEST(Settings, ReadsTheEnvironment)
{
    auto values = environment_values([](const char* name) -> const char* {
        std::string_view key(name);
        if (key == "TABLERO_DB")
            return "env.db";
        if (key == "TABLERO_LISTEN")
            return "";  // empty counts as unset
        return nullptr;
    });
    EXPECT_EQ(values, (Values{{"db", "env.db"}}));
}

}  // namespace
}  // namespace tablero::cli

namespace tablero::cli {
namespace {

TEST(Settings, UploadedFilesFolderAndSizeLimit)
{
    struct Row {
        const char* name;
        Values flags;
        Values environment;
        std::string folder;
        unsigned max_upload_mb;
    };
    const Row rows[] = {
        {"beside a SQLite file", {{"db", "data/tablero.db"}}, {}, "data/files", 10},
        {"beside an absolute SQLite path", {{"db", "/var/lib/tablero/t.db"}}, {},
            "/var/lib/tablero/files", 10},
        {"SQLite file in the working directory", {{"db", "tablero.db"}}, {}, "files", 10},
        {"PostgreSQL", {{"db", "postgresql://u@h/db"}}, {}, "data/files", 10},
        {"postgres:// too", {{"db", "postgres://u@h/db"}}, {}, "data/files", 10},
        {"given", {{"db", "data/tablero.db"}, {"files", "/srv/evidence"}},
            {{"max_upload_mb", "25"}}, "/srv/evidence", 25},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        auto settings = resolve_settings(row.flags, row.environment, {}, "tablero.conf");
        ASSERT_TRUE(settings.ok()) << describe(settings.error());
        EXPECT_EQ(files_folder(*settings), row.folder);
        EXPECT_EQ(settings->max_upload_mb, row.max_upload_mb);
    }
    for (const char* bad : {"0", "1025", "ten", "-1"}) {
        SCOPED_TRACE(bad);
        auto settings = resolve_settings({{"max_upload_mb", bad}}, {}, {}, "tablero.conf");
        ASSERT_FALSE(settings.ok());
        EXPECT_EQ(settings.error().where, "--max-upload-mb");
    }
}

}  // namespace
}  // namespace tablero::cli

namespace tablero::cli {
namespace {

TEST(Settings, LinkChecks)
{
    struct Row {
        const char* name;
        Values flags;
        Values environment;
        bool link_checks;
        unsigned interval_hours;
        bool allow_private;
    };
    const Row rows[] = {
        {"defaults", {}, {}, true, 24, false},
        {"--no-link-checks", {{"link_checks", "off"}}, {}, false, 24, false},
        {"from the environment", {}, {{"link_check_interval", "6"}, {"link_check_private", "on"}},
            true, 6, true},
        {"a flag over the environment", {{"link_check_interval", "48"}},
            {{"link_check_interval", "6"}, {"link_checks", "off"}}, false, 48, false},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        auto settings = resolve_settings(row.flags, row.environment, {}, "tablero.conf");
        ASSERT_TRUE(settings.ok()) << describe(settings.error());
        EXPECT_EQ(settings->link_checks, row.link_checks);
        EXPECT_EQ(settings->link_check_interval_hours, row.interval_hours);
        EXPECT_EQ(settings->link_check_private, row.allow_private);
    }
    for (const char* bad : {"0", "8761", "daily"}) {
        SCOPED_TRACE(bad);
        auto settings = resolve_settings({{"link_check_interval", bad}}, {}, {}, "tablero.conf");
        ASSERT_FALSE(settings.ok());
        EXPECT_EQ(settings.error().where, "--link-check-interval");
    }
    auto file = parse_config_file("link_checks = off\nlink_check_interval = 12\n", "t.conf");
    ASSERT_TRUE(file.ok());
    auto from_file = resolve_settings({}, {}, *file, "t.conf");
    ASSERT_TRUE(from_file.ok());
    EXPECT_FALSE(from_file->link_checks);
    EXPECT_EQ(from_file->link_check_interval_hours, 12u);
}

}  // namespace
}  // namespace tablero::cli

namespace tablero::cli {
namespace {

TEST(Settings, EMail)
{
    struct Row {
        const char* name;
        Values flags;
        Values environment;
        Values file;
        std::string public_url;
        std::string sendmail;
        std::string mail_from;
    };
    const Row rows[] = {
        {"defaults: links go to the log", {}, {}, {}, "http://127.0.0.1:8080", "",
            "tablero@localhost"},
        {"the default follows the listen address and bound port", {{"listen", "[::1]:0"}}, {}, {},
            "http://[::1]:43210", "", "tablero@localhost"},
        {"from the file", {}, {},
            {{"public_url", "https://tablero.example.gov.py/"},
                {"sendmail", "/usr/sbin/sendmail -t -i"}, {"mail_from", "tablero@example.gov.py"}},
            "https://tablero.example.gov.py", "/usr/sbin/sendmail -t -i", "tablero@example.gov.py"},
        {"environment over file", {},
            {{"public_url", "https://gobiernoabierto.example.org/tablero"},
                {"sendmail", "/usr/bin/msmtp -t"}},
            {{"public_url", "https://old.example.org"}, {"sendmail", "/usr/sbin/sendmail -t -i"}},
            "https://gobiernoabierto.example.org/tablero", "/usr/bin/msmtp -t",
            "tablero@localhost"},
        {"flags over environment", {{"mail_from", "plan@example.gov.py"}},
            {{"mail_from", "tablero@example.gov.py"}}, {}, "http://127.0.0.1:8080", "",
            "plan@example.gov.py"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        auto settings = resolve_settings(row.flags, row.environment, row.file, "tablero.conf");
        ASSERT_TRUE(settings.ok()) << describe(settings.error());
        const std::uint16_t bound = settings->listen.port == 0 ? 43210 : settings->listen.port;
        EXPECT_EQ(public_url(*settings, bound), row.public_url);
        EXPECT_EQ(settings->sendmail, row.sendmail);
        EXPECT_EQ(settings->mail_from, row.mail_from);
    }

    struct Bad {
        const char* key;
        const char* value;
        const char* where;
    };
    const Bad bad[] = {
        {"public_url", "tablero.example.gov.py", "--public-url"},
        {"public_url", "ftp://tablero.example.gov.py", "--public-url"},
        {"public_url", "https://", "--public-url"},
        {"public_url", "https://t.example.org/?x=1", "--public-url"},
        {"mail_from", "tablero", "--mail-from"},
        {"mail_from", "tablero@example.org\nBcc: x@example.org", "--mail-from"},
        {"mail_from", "Tablero <tablero@example.org>", "--mail-from"},
    };
    for (const Bad& row : bad) {
        SCOPED_TRACE(row.value);
        auto settings = resolve_settings({{row.key, row.value}}, {}, {}, "tablero.conf");
        ASSERT_FALSE(settings.ok());
        EXPECT_EQ(settings.error().where, row.where);
    }

    // Each has its environment variable and configuration-file key.
    auto environment = environment_values([](const char* name) -> const char* {
        if (std::string(name) == "TABLERO_SENDMAIL")
            return "/usr/sbin/sendmail -t -i";
        if (std::string(name) == "TABLERO_PUBLIC_URL")
            return "https://tablero.example.gov.py";
        if (std::string(name) == "TABLERO_MAIL_FROM")
            return "tablero@example.gov.py";
        return nullptr;
    });
    EXPECT_EQ(environment["sendmail"], "/usr/sbin/sendmail -t -i");
    EXPECT_EQ(environment["public_url"], "https://tablero.example.gov.py");
    EXPECT_EQ(environment["mail_from"], "tablero@example.gov.py");
    auto file = parse_config_file("sendmail = \"/usr/sbin/sendmail -t -i\"\nmail_from = "
                                  "a@b.org\npublic_url = https://x.org\n",
        "t.conf");
    ASSERT_TRUE(file.ok()) << describe(file.error());
    EXPECT_EQ((*file)["sendmail"], "/usr/sbin/sendmail -t -i");
    EXPECT_EQ((*file)["mail_from"], "a@b.org");
    EXPECT_EQ((*file)["public_url"], "https://x.org");
}

TEST(Settings, TimeZone)
{
    struct Row {
        const char* name;
        Values flags;
        Values environment;
        Values file;
        std::string time_zone;
    };
    const Row rows[] = {
        {"default: the machine's zone", {}, {}, {}, ""},
        {"from the file", {}, {}, {{"time_zone", "America/Asuncion"}}, "America/Asuncion"},
        {"environment over file", {}, {{"time_zone", "America/Santiago"}},
            {{"time_zone", "America/Asuncion"}}, "America/Santiago"},
        {"flag over environment", {{"time_zone", "UTC"}}, {{"time_zone", "America/Santiago"}}, {},
            "UTC"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        auto settings = resolve_settings(row.flags, row.environment, row.file, "tablero.conf");
        ASSERT_TRUE(settings.ok()) << describe(settings.error());
        EXPECT_EQ(settings->time_zone, row.time_zone);
    }
    auto environment = environment_values([](const char* name) -> const char* {
        return std::string(name) == "TABLERO_TIME_ZONE" ? "America/Asuncion" : nullptr;
    });
    EXPECT_EQ(environment["time_zone"], "America/Asuncion");
    auto file = parse_config_file("time_zone = America/Asuncion\n", "t.conf");
    ASSERT_TRUE(file.ok()) << describe(file.error());
    EXPECT_EQ((*file)["time_zone"], "America/Asuncion");
}

TEST(Settings, TrustedProxies)
{
    struct Row {
        const char* name;
        Values flags;
        std::vector<std::string> proxies;  // empty with an error expected when error is set
        const char* error;
    };
    const std::vector<Row> rows = {
        {"default: none", {}, {}, nullptr},
        {"one", {{"trusted_proxies", "127.0.0.1"}}, {"127.0.0.1"}, nullptr},
        {"a list with spaces, canonical", {{"trusted_proxies", " 10.0.0.1 , 0:0:0:0:0:0:0:1"}},
            {"10.0.0.1", "::1"}, nullptr},
        {"empty items skipped", {{"trusted_proxies", "10.0.0.1,,"}}, {"10.0.0.1"}, nullptr},
        {"a host name is refused", {{"trusted_proxies", "10.0.0.1,proxy.local"}}, {},
            "\"proxy.local\" is not an IP address (for example 127.0.0.1 or ::1)"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        auto settings = resolve_settings(row.flags, {}, {}, "tablero.conf");
        if (row.error != nullptr) {
            ASSERT_FALSE(settings.ok());
            EXPECT_EQ(settings.error().message, row.error);
            EXPECT_EQ(settings.error().where, "--trusted-proxies");
            continue;
        }
        ASSERT_TRUE(settings.ok()) << describe(settings.error());
        EXPECT_EQ(settings->trusted_proxies, row.proxies);
    }
    auto environment = environment_values([](const char* name) -> const char* {
        return std::string(name) == "TABLERO_TRUSTED_PROXIES" ? "127.0.0.1" : nullptr;
    });
    EXPECT_EQ(environment["trusted_proxies"], "127.0.0.1");
}

}  // namespace
}  // namespace tablero::cli
