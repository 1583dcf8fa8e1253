// Bulk writes on PostgreSQL through COPY ... FROM STDIN, for the imports that write tens of
// thousands of rows in one transaction: a row costs the server a fraction of a multi-row INSERT's
// parse and bind, and the client only appends text to a buffer instead of binding every value
// through SOCI.
#pragma once

#include <soci/soci.h>

#include <optional>
#include <string>
#include <string_view>

namespace tablero::storage::postgres {

// Appends one value as a field of COPY's text format (PostgreSQL manual, COPY, "Text Format"):
// "Backslash characters (\) can be used in the COPY data to quote data characters that might
// otherwise be taken as row or column delimiters", and "\N" is NULL. Backslash, tab, newline and
// carriage return are written as \\, \t, \n and \r; every other byte goes as it is, so UTF-8 text
// passes through unchanged. No separator is written.
void append_copy_field(std::string& out, std::optional<std::string_view> value);

// The rows of one COPY in text format, built a field at a time.
class CopyRows {
public:
    // Fields of the current row, in the order of the COPY's columns.
    void text(std::string_view value);
    void null();
    void number(long long value);
    void number(int value) { number(static_cast<long long>(value)); }
    // Written so that it reads back as the same double (shortest round trip).
    void number(double value);
    template <typename T> void optional_number(const std::optional<T>& value)
    {
        if (value)
            number(*value);
        else
            null();
    }
    // Ends the current row.
    void end_row();

    bool empty() const { return m_data.empty(); }
    // Rows ended since the last clear().
    std::size_t rows() const { return m_rows; }
    // Bytes buffered, to decide when to send them.
    std::size_t size() const { return m_data.size(); }
    const std::string& data() const { return m_data; }
    void clear();

private:
    void separate();

    std::string m_data;
    std::size_t m_rows = 0;
    bool m_row_started = false;
};

// Sends COPY statements on one session, one after another, without waiting for each to finish:
// the server checks the rows of one (foreign keys, unique indexes) while the program builds the
// next. A COPY's outcome is known only at wait() or at the next send(): no other statement may
// run on the session in between, since libpq would silently discard a failed COPY's result to run
// it.
class CopyWriter {
public:
    // session must be a PostgreSQL session inside a transaction.
    explicit CopyWriter(soci::session& session);
    // Waits for a COPY still running, ignoring its outcome: the writer goes away without wait()
    // only when the transaction is being abandoned anyway.
    ~CopyWriter();
    CopyWriter(const CopyWriter&) = delete;
    CopyWriter& operator=(const CopyWriter&) = delete;

    // Waits for the previous COPY, then sends `COPY target FROM STDIN` with the rows and returns
    // without waiting for the server. target is the table and its column list, "nodes (id, code)",
    // written by the program, never from input.
    void send(std::string_view target, const CopyRows& rows);

    // Waits for the COPY sent last. A refusal of the server (a constraint, a trigger) throws
    // std::runtime_error with PostgreSQL's message; the transaction is then aborted, and the
    // caller's rollback undoes everything.
    void wait();

private:
    soci::session& m_session;
    bool m_in_flight = false;
};

}  // namespace tablero::storage::postgres
