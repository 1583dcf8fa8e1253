// Civil society beside the government (PRODUCT.md, module 3): a civil-society monitor records
// its organisation's completion level, with a justification, for any commitment, and may record
// dissent on it; the Open Government Unit records the government's own level the same way. Each
// assessment is a new row: nothing here replaces another side's assessment, or an earlier one.
// Who may do which is decided before calling (accounts::authorise); every write is audited in
// its own transaction, on entity "commitment" with key "<plan>/<commitment>".
#pragma once

#include "core/date.h"
#include "core/result.h"
#include "domain/plans/model.h"
#include "storage/audit_log.h"
#include "storage/database.h"

#include <memory>
#include <string>

namespace tablero::storage {

// An assessment as a form sends it. The assessor is the side of whoever records it:
// civil_society (with the monitor's organisation) or government (the Open Government Unit).
struct AssessmentRecord {
    std::string plan;
    std::string commitment;
    plans::Assessor assessor = plans::Assessor::civil_society;
    // Required for civil society, empty for the government.
    std::string organisation;
    plans::CompletionLevel level = plans::CompletionLevel::not_started;
    // The date the level describes.
    Date date;
    std::string justification;
};

struct DissentRecord {
    std::string plan;
    std::string commitment;
    std::string organisation;
    std::string statement;
};

class MonitoringStore {
public:
    virtual ~MonitoringStore() = default;

    // Appends the assessment. invalid_argument naming "justification" when it is blank or
    // "organisation" when civil society gives none; not_found for an unknown plan or
    // commitment; unauthenticated unless `by` is an account.
    virtual Result<void> record_assessment(
        const AssessmentRecord& assessment, const AuditActor& by, const std::string& at) = 0;

    // Appends the dissent. invalid_argument naming "statement" when it is blank or
    // "organisation" when there is none; not_found and unauthenticated as above.
    virtual Result<void> record_dissent(
        const DissentRecord& dissent, const AuditActor& by, const std::string& at) = 0;
};

// The SOCI implementation, the same on both backends.
std::unique_ptr<MonitoringStore> make_monitoring_store(Database& database);

}  // namespace tablero::storage
