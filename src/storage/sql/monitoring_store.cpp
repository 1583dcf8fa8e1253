#include "storage/monitoring_store.h"

#include <nlohmann/json.hpp>
#include <soci/soci.h>

namespace tablero::storage {

namespace {

using nlohmann::json;

std::string dump(const json& value)
{
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

bool blank(const std::string& text)
{
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

// The id of the plan's commitment, or not_found naming what is missing.
Result<long long> commitment_id(
    soci::session& session, const std::string& plan, const std::string& commitment)
{
    long long id = 0;
    session << "SELECT c.id FROM commitments c JOIN plans p ON p.id = c.plan_id"
               " WHERE p.code = :plan AND c.code = :code",
        soci::use(plan), soci::use(commitment), soci::into(id);
    if (!session.got_data())
        return fail(
            ErrorCode::not_found, "no commitment " + commitment + " in plan " + plan, "commitment");
    return id;
}

std::string audit_key(const std::string& plan, const std::string& commitment)
{
    return plan + "/" + commitment;
}

class SqlMonitoringStore final : public MonitoringStore {
public:
    explicit SqlMonitoringStore(Database& database) : m_database(database) { }

    Result<void> record_assessment(
        const AssessmentRecord& assessment, const AuditActor& by, const std::string& at) override
    {
        if (!by.account_id)
            return fail(ErrorCode::unauthenticated, "only an account records an assessment");
        if (blank(assessment.justification))
            return fail(ErrorCode::invalid_argument, "say why: the justification is required",
                "justification");
        if (assessment.assessor == plans::Assessor::civil_society && blank(assessment.organisation))
            return fail(ErrorCode::invalid_argument,
                "a civil-society assessment names its organisation", "organisation");
        const std::string assessor(plans::to_string(assessment.assessor));
        const std::string level(plans::to_string(assessment.level));
        const std::string date = to_iso(assessment.date);
        const long long account = *by.account_id;
        return m_database.write([&](soci::session& session) -> Result<void> {
            auto id = commitment_id(session, assessment.plan, assessment.commitment);
            if (!id.ok())
                return std::move(id).error();
            session << "INSERT INTO assessments (commitment_id, assessor, level, date,"
                       " justification, organisation, recorded_by, recorded_at) VALUES"
                       " (:commitment, :assessor, :level, :date, :justification, :organisation,"
                       " :by, :at)",
                soci::use(*id), soci::use(assessor), soci::use(level), soci::use(date),
                soci::use(assessment.justification), soci::use(assessment.organisation),
                soci::use(account), soci::use(at);
            append_audit(session,
                {0, at, by, "record_assessment", "commitment",
                    audit_key(assessment.plan, assessment.commitment), "",
                    dump({{"assessor", assessor}, {"organisation", assessment.organisation},
                        {"level", level}, {"date", date},
                        {"justification", assessment.justification}})});
            return {};
        });
    }

    Result<void> record_dissent(
        const DissentRecord& dissent, const AuditActor& by, const std::string& at) override
    {
        if (!by.account_id)
            return fail(ErrorCode::unauthenticated, "only an account records dissent");
        if (blank(dissent.statement))
            return fail(ErrorCode::invalid_argument, "say what the organisation disagrees with",
                "statement");
        if (blank(dissent.organisation))
            return fail(
                ErrorCode::invalid_argument, "dissent names its organisation", "organisation");
        const long long account = *by.account_id;
        return m_database.write([&](soci::session& session) -> Result<void> {
            auto id = commitment_id(session, dissent.plan, dissent.commitment);
            if (!id.ok())
                return std::move(id).error();
            session << "INSERT INTO dissents (commitment_id, organisation, statement,"
                       " recorded_by, recorded_at) VALUES (:commitment, :organisation,"
                       " :statement, :by, :at)",
                soci::use(*id), soci::use(dissent.organisation), soci::use(dissent.statement),
                soci::use(account), soci::use(at);
            append_audit(session,
                {0, at, by, "record_dissent", "commitment",
                    audit_key(dissent.plan, dissent.commitment), "",
                    dump({{"organisation", dissent.organisation},
                        {"statement", dissent.statement}})});
            return {};
        });
    }

private:
    Database& m_database;
};

}  // namespace

std::unique_ptr<MonitoringStore> make_monitoring_store(Database& database)
{
    return std::make_unique<SqlMonitoringStore>(database);
}

}  // namespace tablero::storage
