// Sending e-mail (issue 6: Tablero sends a verification link). With no mail server configured,
// LogMailer writes what may be logged of a message (its log_summary: the link, never the
// address) to the log; with one, SendmailMailer hands each message to a sendmail-compatible
// program (msmtp-mta, Postfix, Exim: README "E-mail"), which relays it by SMTP.
#pragma once

#include "core/clock.h"
#include "core/result.h"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace tablero::mail {

struct MailMessage {
    // One address, already normalised (accounts::normalise_email).
    std::string to;
    // UTF-8; sent as RFC 2047 encoded-words.
    std::string subject;
    // UTF-8 plain text, lines separated by "\n".
    std::string text;
    // What LogMailer writes instead of sending: never the address nor other personal data
    // ("e-mail verification link for account 12: https://...").
    std::string log_summary;
};

class Mailer {
public:
    virtual ~Mailer() = default;
    virtual Result<void> send(const MailMessage& message) = 0;
};

// No mail server configured: logs the message's log_summary at info level and sends nothing.
class LogMailer final : public Mailer {
public:
    Result<void> send(const MailMessage& message) override;
};

// Runs `command` (split on spaces, no shell: "/usr/sbin/sendmail -t -i") for each message and
// writes the message to its standard input; the program reads the recipient from the To header
// (-t). An exit status other than 0, a program that cannot start or one that takes longer than
// `timeout` is an error (unavailable) naming the command. The program inherits the environment
// without the TABLERO_* variables (TABLERO_DB may hold a password).
class SendmailMailer final : public Mailer {
public:
    SendmailMailer(std::string command, std::string from, const Clock& clock,
        std::chrono::milliseconds timeout = std::chrono::seconds(30));
    Result<void> send(const MailMessage& message) override;

private:
    std::vector<std::string> m_arguments;
    std::string m_command;
    std::string m_from;
    const Clock& m_clock;
    std::chrono::milliseconds m_timeout;
};

// The message as SendmailMailer writes it (RFC 5322 with MIME, lines ending in "\n" as the
// sendmail interface expects): From, To, Subject (RFC 2047), Date, Message-ID, MIME-Version,
// Content-Type text/plain; charset=utf-8, Content-Transfer-Encoding 8bit, then the text.
// invalid_argument for an address that is empty or holds a line break or a space.
Result<std::string> format_message(const MailMessage& message, const std::string& from,
    std::chrono::system_clock::time_point date, const std::string& message_id);

// RFC 2047 "B" encoded-words of UTF-8 text, each at most 64 characters, never splitting a
// character, joined by "\n " (a folded header line).
std::string encode_header_words(const std::string& text);

// The mailer the settings ask for: SendmailMailer when `sendmail` is not empty, else LogMailer.
std::unique_ptr<Mailer> make_mailer(
    const std::string& sendmail, const std::string& from, const Clock& clock);

}  // namespace tablero::mail
