#include "mail/mailer.h"

#include "security/secrets.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sstream>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace tablero::mail {

namespace {

// An address goes into a header as it is: a line break would start a header of its own (header
// injection) and a space would make it more than one address.
bool acceptable_address(const std::string& address)
{
    if (address.empty())
        return false;
    for (const char c : address) {
        if (c == '\r' || c == '\n' || c == ' ' || c == '\t' || c == ',' || c == '\0')
            return false;
    }
    return true;
}

std::string base64(const std::string& bytes)
{
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
        bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    out.resize(std::strlen(out.c_str()));
    return out;
}

// RFC 5322 section 3.3, in UTC: "Mon, 23 Nov 2026 02:27:17 +0000" (English names whatever the
// locale).
std::string rfc5322_date(std::chrono::system_clock::time_point moment)
{
    static constexpr const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* months[] = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::time_t seconds = std::chrono::system_clock::to_time_t(moment);
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    char out[64];
    std::snprintf(out, sizeof out, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[parts.tm_wday],
        parts.tm_mday, months[parts.tm_mon], parts.tm_year + 1900, parts.tm_hour, parts.tm_min,
        parts.tm_sec);
    return out;
}

std::string domain_of(const std::string& address)
{
    const auto at = address.rfind('@');
    if (at == std::string::npos || at + 1 == address.size())
        return "localhost";
    return address.substr(at + 1);
}

std::vector<std::string> split_command(const std::string& command)
{
    std::vector<std::string> out;
    std::istringstream words(command);
    std::string word;
    while (words >> word)
        out.push_back(word);
    return out;
}

// What the program wrote, shortened for an error message.
std::string shortened(std::string output)
{
    while (!output.empty() && (output.back() == '\n' || output.back() == '\r'))
        output.pop_back();
    constexpr std::size_t limit = 500;
    if (output.size() > limit)
        output = output.substr(0, limit) + "...";
    return output;
}

class Descriptor {
public:
    explicit Descriptor(int fd = -1) : m_fd(fd) { }
    ~Descriptor() { close(); }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    int get() const { return m_fd; }
    void close()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
    }

private:
    int m_fd;
};

}  // namespace

Result<void> LogMailer::send(const MailMessage& message)
{
    if (message.log_summary.empty())
        spdlog::warn("no mail server configured (--sendmail): an e-mail was not sent");
    else
        spdlog::info("{}", message.log_summary);
    return {};
}

std::string encode_header_words(const std::string& text)
{
    // An encoded-word may have 75 characters (RFC 2047 section 2), and a header line should stay
    // within 78 (RFC 5322 section 2.1.1): 39 bytes of text make 52 characters of base64, so a
    // word is 64 characters and "Subject: " and the first word make 73.
    constexpr std::size_t bytes_per_word = 39;
    std::string out;
    std::size_t start = 0;
    do {
        std::size_t end = std::min(text.size(), start + bytes_per_word);
        // Never split a UTF-8 sequence: back off while the next byte continues one.
        while (end < text.size() && end > start &&
            (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
            --end;
        if (end == start)
            end = std::min(text.size(), start + bytes_per_word);
        if (!out.empty())
            out += "\n ";
        out += "=?UTF-8?B?" + base64(text.substr(start, end - start)) + "?=";
        start = end;
    } while (start < text.size());
    return out;
}

Result<std::string> format_message(const MailMessage& message, const std::string& from,
    std::chrono::system_clock::time_point date, const std::string& message_id)
{
    if (!acceptable_address(message.to))
        return fail(ErrorCode::invalid_argument, "not an address to send to", "mail To");
    if (!acceptable_address(from))
        return fail(ErrorCode::invalid_argument, "not an address to send from", "--mail-from");
    std::string text;
    text.reserve(message.text.size());
    for (const char c : message.text) {
        if (c != '\r')
            text += c;
    }
    if (!text.empty() && text.back() != '\n')
        text += '\n';
    std::string out;
    out += "From: " + from + "\n";
    out += "To: " + message.to + "\n";
    out += "Subject: " + encode_header_words(message.subject) + "\n";
    out += "Date: " + rfc5322_date(date) + "\n";
    out += "Message-ID: <" + message_id + ">\n";
    out += "MIME-Version: 1.0\n";
    out += "Content-Type: text/plain; charset=utf-8\n";
    out += "Content-Transfer-Encoding: 8bit\n";
    out += "\n";
    out += text;
    return out;
}

SendmailMailer::SendmailMailer(
    std::string command, std::string from, const Clock& clock, std::chrono::milliseconds timeout)
    : m_arguments(split_command(command)),
      m_command(std::move(command)),
      m_from(std::move(from)),
      m_clock(clock),
      m_timeout(timeout)
{
}

Result<void> SendmailMailer::send(const MailMessage& message)
{
    const std::string where = "sendmail command \"" + m_command + "\"";
    if (m_arguments.empty())
        return fail(ErrorCode::invalid_argument, "no command to send mail with", "--sendmail");
    const std::string message_id = security::random_token().substr(0, 32) + "@" + domain_of(m_from);
    auto formatted = format_message(message, m_from, m_clock.now(), message_id);
    if (!formatted.ok())
        return formatted.error();
    const std::string& data = *formatted;

    // The message goes through a socket rather than a pipe so that a program that exits without
    // reading it gives EPIPE from send(MSG_NOSIGNAL), never a SIGPIPE that would stop the server.
    int input[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, input) != 0)
        return fail(ErrorCode::internal, std::string("socketpair: ") + std::strerror(errno), where);
    Descriptor ours(input[0]);
    Descriptor theirs(input[1]);
    int output[2];
    if (pipe2(output, O_CLOEXEC) != 0)
        return fail(ErrorCode::internal, std::string("pipe: ") + std::strerror(errno), where);
    Descriptor output_ours(output[0]);
    Descriptor output_theirs(output[1]);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, theirs.get(), 0);
    posix_spawn_file_actions_adddup2(&actions, output_theirs.get(), 1);
    posix_spawn_file_actions_adddup2(&actions, output_theirs.get(), 2);
    std::vector<char*> argv;
    for (std::string& argument : m_arguments)
        argv.push_back(argument.data());
    argv.push_back(nullptr);
    // The program gets Tablero's environment without its own settings: TABLERO_DB may hold
    // the database's password.
    std::vector<char*> environment;
    for (char** variable = environ; *variable != nullptr; ++variable) {
        if (std::strncmp(*variable, "TABLERO_", 8) != 0)
            environment.push_back(*variable);
    }
    environment.push_back(nullptr);
    pid_t pid = 0;
    const int spawned =
        posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environment.data());
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0)
        return fail(
            ErrorCode::unavailable, std::string("cannot start: ") + std::strerror(spawned), where);
    theirs.close();
    output_theirs.close();

    const auto deadline = std::chrono::steady_clock::now() + m_timeout;
    std::size_t written = 0;
    std::string said;
    bool timed_out = false;
    while (ours.get() >= 0 || output_ours.get() >= 0) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            timed_out = true;
            break;
        }
        pollfd watched[2];
        nfds_t count = 0;
        if (ours.get() >= 0)
            watched[count++] = {ours.get(), POLLOUT, 0};
        if (output_ours.get() >= 0)
            watched[count++] = {output_ours.get(), POLLIN, 0};
        const int ready = poll(watched, count, static_cast<int>(left.count()));
        if (ready < 0 && errno != EINTR)
            break;
        if (ready <= 0)
            continue;
        for (nfds_t i = 0; i < count; ++i) {
            if (watched[i].revents == 0)
                continue;
            if (watched[i].fd == ours.get()) {
                const ssize_t sent = ::send(ours.get(), data.data() + written,
                    data.size() - written, MSG_NOSIGNAL | MSG_DONTWAIT);
                if (sent > 0)
                    written += static_cast<std::size_t>(sent);
                else if (sent < 0 && errno != EAGAIN && errno != EINTR)
                    ours.close();  // The program stopped reading; its exit status says why.
                if (written == data.size())
                    ours.close();  // End of the message.
            } else {
                char buffer[1024];
                const ssize_t got = read(output_ours.get(), buffer, sizeof buffer);
                if (got > 0) {
                    if (said.size() < 4096)
                        said.append(buffer, static_cast<std::size_t>(got));
                } else if (got == 0 || (errno != EAGAIN && errno != EINTR)) {
                    output_ours.close();
                }
            }
        }
    }
    ours.close();
    output_ours.close();

    int status = 0;
    pid_t waited = 0;
    while (!timed_out) {
        waited = waitpid(pid, &status, WNOHANG);
        if (waited == pid || (waited < 0 && errno != EINTR))
            break;
        if (std::chrono::steady_clock::now() >= deadline) {
            timed_out = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (timed_out) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        return fail(ErrorCode::unavailable,
            "did not finish within " + std::to_string(m_timeout.count()) + " ms", where);
    }
    if (waited != pid)
        return fail(ErrorCode::internal, std::string("waitpid: ") + std::strerror(errno), where);
    const std::string output_note = said.empty() ? "" : ": " + shortened(said);
    if (WIFSIGNALED(status))
        return fail(ErrorCode::unavailable,
            "stopped by signal " + std::to_string(WTERMSIG(status)) + output_note, where);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return fail(ErrorCode::unavailable,
            "exited with status " + std::to_string(WEXITSTATUS(status)) + output_note, where);
    if (written != data.size())
        return fail(ErrorCode::unavailable, "did not read the whole message" + output_note, where);
    return {};
}

std::unique_ptr<Mailer> make_mailer(
    const std::string& sendmail, const std::string& from, const Clock& clock)
{
    if (sendmail.empty())
        return std::make_unique<LogMailer>();
    return std::make_unique<SendmailMailer>(sendmail, from, clock);
}

}  // namespace tablero::mail
