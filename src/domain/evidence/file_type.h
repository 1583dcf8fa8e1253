// What an uploaded evidence file is, decided from its bytes and never from its name (issue 5:
// "type checked by content, not by name"), and whether its name may be kept. Only documents a
// reader of a progress report can open are accepted: PDF, images, office documents and CSV or
// plain text; an executable renamed ".pdf", an archive, a web page or anything unknown is refused
// with a reason code that the web turns into a sentence.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tablero::evidence {

// One accepted kind of file.
struct FileType {
    // What the download is served as ("application/pdf"); text kinds carry their charset.
    std::string_view media_type;
    // The extensions a file of this kind may be named with, lowercase, the usual one first.
    std::vector<std::string_view> extensions;
    // Browsers show it themselves (PDF and images); everything else is downloaded.
    bool shown_inline = false;
};

// The accepted kinds, in the order they are tried.
const std::vector<FileType>& accepted_file_types();
// The accepted kind with this media type, or nullptr (a row written by an older version).
const FileType* file_type_for_media_type(std::string_view media_type);

// Why content is refused. Codes, not sentences: the web says them in the reader's language.
enum class ContentRefusal {
    empty,  // no bytes at all
    executable,  // ELF, Windows MZ/PE, Mach-O, WebAssembly or a "#!" script
    archive,  // ZIP that is no office document, gzip, 7-Zip, RAR, bzip2, xz, tar
    macros,  // an office document carrying macros (vbaProject.bin)
    markup,  // text that starts like HTML, SVG or XML ("<!doctype", "<html", "<svg"...)
    unknown,  // binary content of no accepted kind
};
std::string_view to_string(ContentRefusal refusal);

// The kind of the content, or why it is refused.
struct ContentCheck {
    // Set when accepted: one of accepted_file_types().
    const FileType* type = nullptr;
    ContentRefusal refusal = ContentRefusal::unknown;
    bool accepted() const { return type != nullptr; }
};

// Decides from bytes alone. name only chooses between text/csv and text/plain for content
// already found to be text (a ".csv" name gives text/csv); it never makes content acceptable.
ContentCheck check_content(std::string_view bytes, std::string_view name = {});

// Why a file name as sent by a browser cannot be kept.
enum class NameRefusal {
    empty,
    folders,  // "/" or "\" anywhere
    parent,  // ".." anywhere
    hidden,  // starts with "."
    control,  // control characters (C0, DEL, C1)
    invalid_utf8,
    too_long,  // more than 255 bytes
};
std::string_view to_string(NameRefusal refusal);

// nullopt when the name may be kept as the download's name.
std::optional<NameRefusal> check_upload_name(std::string_view name);

// The name a download is offered under: the uploaded name when its extension fits the kind,
// otherwise the name with the kind's usual extension added ("report.exe" holding a PDF is offered
// as "report.exe.pdf"), so what the browser saves opens as what it is.
std::string download_name(std::string_view name, const FileType& type);

}  // namespace tablero::evidence
