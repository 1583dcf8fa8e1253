// The mailers: LogMailer writes only the message's log summary; SendmailMailer hands a
// well-formed RFC 5322 message to the program (here a fake sendmail, a shell script that
// keeps what it is given) and reports a failing or missing program as an error naming it.
#include "mail/mailer.h"

#include <gtest/gtest.h>
#include <sodium.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <sys/stat.h>

namespace tablero::mail {
namespace {

using namespace std::chrono_literals;

// 2026-11-23T02:27:17Z, a Monday.
const auto fixed_instant = std::chrono::system_clock::time_point(1795400837s);

std::string read_all(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string decode_base64(const std::string& text)
{
    std::string out(text.size(), '\0');
    std::size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
            text.size(), nullptr, &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
        throw std::runtime_error("not base64: " + text);
    out.resize(length);
    return out;
}

// The text of a Subject header's encoded-words, checking each is well formed.
std::string decode_header_words(const std::string& value)
{
    static const std::regex word(R"(=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=)");
    std::string out;
    std::string rest = value;
    std::smatch match;
    while (std::regex_search(rest, match, word)) {
        EXPECT_LE(match[0].length(), 75) << match[0];
        // Between words only folding white space.
        EXPECT_TRUE(std::regex_match(match.prefix().str(), std::regex("(\n )?"))) << value;
        out += decode_base64(match[1].str());
        rest = match.suffix().str();
    }
    EXPECT_EQ(rest, "") << value;
    return out;
}

class ScratchFolder {
public:
    ScratchFolder()
    {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "tablero-mail-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr)
            throw std::runtime_error("mkdtemp failed");
        m_path = pattern;
    }
    ~ScratchFolder()
    {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    const std::filesystem::path& path() const { return m_path; }

    // An executable shell script in the folder.
    std::string script(const std::string& name, const std::string& body) const
    {
        const auto file = m_path / name;
        std::ofstream(file) << "#!/bin/sh\n" << body;
        chmod(file.c_str(), 0755);
        return file.string();
    }

private:
    std::filesystem::path m_path;
};

const MailMessage verification{"ana@example.org",
    "Confirmá tu dirección de correo en Tablero, el sitio del plan de gobierno abierto",
    "Hola:\nAbrí este enlace: http://127.0.0.1:8080/verify-email?token=abc\n",
    "e-mail verification link for account 7: http://127.0.0.1:8080/verify-email?token=abc"};

TEST(Mailer, TheFakeSendmailGetsAWellFormedMessage)
{
    ScratchFolder folder;
    const auto kept = folder.path() / "message.eml";
    const auto arguments = folder.path() / "arguments";
    const auto environment = folder.path() / "environment";
    const std::string command = folder.script("sendmail",
        "printf '%s\\n' \"$@\" > \"" + arguments.string() + "\"\nenv > \"" + environment.string() +
            "\"\ncat > \"" + kept.string() + "\"\n");
    FakeClock clock(fixed_instant);
    SendmailMailer mailer(command + " -t -i", "tablero@example.gov.py", clock);
    // The program gets the environment but not Tablero's settings (a password in TABLERO_DB).
    setenv("TABLERO_DB", "postgresql://tablero:secret@db/tablero", 1);
    setenv("MAILER_TEST_KEPT", "yes", 1);
    auto sent = mailer.send(verification);
    unsetenv("TABLERO_DB");
    unsetenv("MAILER_TEST_KEPT");
    ASSERT_TRUE(sent.ok()) << describe(sent.error());
    const std::string seen = read_all(environment);
    EXPECT_EQ(seen.find("TABLERO_DB"), std::string::npos);
    EXPECT_NE(seen.find("MAILER_TEST_KEPT=yes"), std::string::npos) << seen;

    EXPECT_EQ(read_all(arguments), "-t\n-i\n");
    const std::string message = read_all(kept);
    const auto blank = message.find("\n\n");
    ASSERT_NE(blank, std::string::npos) << message;
    const std::string head = message.substr(0, blank + 1);
    EXPECT_EQ(message.substr(blank + 2), verification.text);
    EXPECT_EQ(message.find('\r'), std::string::npos);

    // Header fields, with folded lines joined back to their field.
    std::map<std::string, std::string> fields;
    std::string last;
    std::istringstream lines(head);
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty() && line[0] == ' ') {
            ASSERT_FALSE(last.empty());
            fields[last] += "\n" + line;
            continue;
        }
        const auto colon = line.find(": ");
        ASSERT_NE(colon, std::string::npos) << line;
        last = line.substr(0, colon);
        EXPECT_EQ(fields.count(last), 0u) << "twice: " << last;
        fields[last] = line.substr(colon + 2);
        EXPECT_LE(line.size(), 78u) << line;
    }
    EXPECT_EQ(fields["From"], "tablero@example.gov.py");
    EXPECT_EQ(fields["To"], "ana@example.org");
    EXPECT_EQ(decode_header_words(fields["Subject"]), verification.subject);
    EXPECT_NE(fields["Subject"].find("\n "), std::string::npos) << "a long subject is folded";
    EXPECT_EQ(fields["Date"], "Mon, 23 Nov 2026 02:27:17 +0000");
    EXPECT_TRUE(
        std::regex_match(fields["Message-ID"], std::regex("<[0-9a-f]{32}@example\\.gov\\.py>")))
        << fields["Message-ID"];
    EXPECT_EQ(fields["MIME-Version"], "1.0");
    EXPECT_EQ(fields["Content-Type"], "text/plain; charset=utf-8");
    EXPECT_EQ(fields["Content-Transfer-Encoding"], "8bit");
    EXPECT_EQ(fields.size(), 8u);

    // A second message gets a Message-ID of its own.
    ASSERT_TRUE(mailer.send(verification).ok());
    EXPECT_NE(read_all(kept), message);
}

TEST(Mailer, EncodedWordsNeverSplitACharacter)
{
    struct Row {
        std::string name;
        std::string text;
    };
    const std::vector<Row> rows = {
        {"empty", ""},
        {"ascii", "Verify your address"},
        {"two-byte characters across a word's end", std::string(44, 'a') + "ñññ"},
        {"three-byte characters", "€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€"},
        {"four-byte characters",
            "🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂"
            "🙂🙂🙂"},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE(row.name);
        const std::string encoded = encode_header_words(row.text);
        EXPECT_EQ(decode_header_words(encoded), row.text);
        // Each word decodes to whole characters: valid UTF-8 on its own.
        static const std::regex word(R"(=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=)");
        for (std::sregex_iterator it(encoded.begin(), encoded.end(), word), end; it != end; ++it) {
            const std::string part = decode_base64((*it)[1].str());
            if (!part.empty()) {
                EXPECT_NE(static_cast<unsigned char>(part.front()) & 0xC0, 0x80) << row.text;
                const unsigned char lead = static_cast<unsigned char>(part.back());
                EXPECT_FALSE(lead >= 0xC0) << "ends in the first byte of a character";
            }
        }
    }
}

TEST(Mailer, AddressesThatWouldInjectHeadersAreRefused)
{
    const std::vector<std::string> bad = {"", "ana@example.org\nBcc: eve@example.org",
        "ana@example.org\r", "ana @example.org", "ana@example.org,eve@example.org"};
    for (const std::string& to : bad) {
        SCOPED_TRACE(to);
        MailMessage message = verification;
        message.to = to;
        auto formatted = format_message(message, "tablero@localhost", fixed_instant, "x@y");
        ASSERT_FALSE(formatted.ok());
        EXPECT_EQ(formatted.error().code, ErrorCode::invalid_argument);
    }
    auto bad_from = format_message(verification, "tablero@localhost\nX: y", fixed_instant, "x@y");
    ASSERT_FALSE(bad_from.ok());
    EXPECT_EQ(bad_from.error().where, "--mail-from");
}

TEST(Mailer, AFailingCommandIsAnErrorThatNamesIt)
{
    ScratchFolder folder;
    FakeClock clock(fixed_instant);
    const std::string failing =
        folder.script("failing", "cat > /dev/null\necho 'relay refused' >&2\nexit 75\n");
    SendmailMailer mailer(failing + " -t -i", "tablero@localhost", clock);
    auto refused = mailer.send(verification);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::unavailable);
    EXPECT_NE(refused.error().where.find(failing + " -t -i"), std::string::npos)
        << refused.error().where;
    EXPECT_NE(refused.error().message.find("status 75"), std::string::npos)
        << refused.error().message;
    EXPECT_NE(refused.error().message.find("relay refused"), std::string::npos);

    SendmailMailer missing(
        (folder.path() / "no-such-program").string(), "tablero@localhost", clock);
    auto not_started = missing.send(verification);
    ASSERT_FALSE(not_started.ok());
    EXPECT_NE(not_started.error().where.find("no-such-program"), std::string::npos);

    SendmailMailer slow(folder.script("slow", "exec sleep 5\n"), "tablero@localhost", clock,
        std::chrono::milliseconds(300));
    const auto started = std::chrono::steady_clock::now();
    auto late = slow.send(verification);
    ASSERT_FALSE(late.ok());
    EXPECT_NE(late.error().message.find("did not finish"), std::string::npos);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
}

TEST(Mailer, TheLogMailerLogsTheSummaryNeverTheAddress)
{
    std::ostringstream captured;
    auto previous = spdlog::default_logger();
    auto logger = std::make_shared<spdlog::logger>(
        "capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(captured));
    logger->set_level(spdlog::level::trace);
    spdlog::set_default_logger(logger);
    LogMailer mailer;
    auto sent = mailer.send(verification);
    spdlog::set_default_logger(previous);
    ASSERT_TRUE(sent.ok());
    const std::string log = captured.str();
    EXPECT_NE(log.find("[info] e-mail verification link for account 7: "
                       "http://127.0.0.1:8080/verify-email?token=abc"),
        std::string::npos)
        << log;
    EXPECT_EQ(log.find("ana@example.org"), std::string::npos);
    EXPECT_EQ(log.find("Hola"), std::string::npos);
}

TEST(Mailer, TheSettingsChooseTheMailer)
{
    FakeClock clock(fixed_instant);
    EXPECT_NE(dynamic_cast<LogMailer*>(make_mailer("", "tablero@localhost", clock).get()), nullptr);
    EXPECT_NE(dynamic_cast<SendmailMailer*>(
                  make_mailer("/usr/sbin/sendmail -t -i", "tablero@localhost", clock).get()),
        nullptr);
}

}  // namespace
}  // namespace tablero::mail
