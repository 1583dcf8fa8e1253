// Files uploaded as evidence (PRODUCT.md module 3; issue 5: "files stored by content hash", "a
// file uploaded as evidence stays available even when the original site disappears"). The bytes
// live in a folder of their own, each file under its SHA-256 (<folder>/<first two hex
// digits>/<sha256>), so a file uploaded twice is kept once and its name can never be chosen by
// whoever uploads it; the evidence_files table says what each one is (migration 0005). Whether
// the content is acceptable is decided before calling (domain/evidence/file_type.h).
#pragma once

#include "core/result.h"
#include "storage/audit_log.h"
#include "storage/database.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tablero::storage {

// A file to keep: its bytes, what they were found to be, and the name it was uploaded with.
struct NewFile {
    std::string_view bytes;
    std::string media_type;
    std::string original_name;
};

struct StoredFile {
    // 64 lowercase hex digits.
    std::string sha256;
    std::string media_type;
    std::int64_t size_bytes = 0;
    // The name of its first upload; a later upload of the same bytes keeps it.
    std::string original_name;
    std::optional<std::int64_t> uploaded_by;
    std::string uploaded_at;
};

// Whether text is 64 lowercase hex digits, the only form a file's key takes.
bool is_sha256_hex(std::string_view text);

class FileStore {
public:
    virtual ~FileStore() = default;

    // Writes every file's bytes under its hash (a temporary file in the same folder, flushed to
    // disk, then renamed, so a reader never sees half a file; bytes already there are kept), then
    // records them in one transaction with one audit entry each ("upload_evidence_file",
    // "evidence_file", the hash). All or nothing: when the transaction fails, the files this call
    // added are removed again. `by` must be an account.
    virtual Result<std::vector<StoredFile>> store(
        const std::vector<NewFile>& files, const AuditActor& by, const std::string& at) = 0;

    // The record of a file, nullopt when none has that hash (or the text is no hash).
    virtual Result<std::optional<StoredFile>> find(const std::string& sha256) = 0;

    // Where a recorded file's bytes are: <folder>/<first two hex digits>/<sha256>. Empty for a
    // text that is no hash.
    virtual std::filesystem::path path_of(const std::string& sha256) const = 0;

    virtual const std::filesystem::path& folder() const = 0;
};

// Creates the folder when missing; unavailable, naming the folder, when it cannot be created or
// written to.
Result<std::unique_ptr<FileStore>> open_file_store(
    Database& database, std::filesystem::path folder);

}  // namespace tablero::storage
