#pragma once

#include <QObject>

#include "tests/repo/reposandbox.h"

class TestRepo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void textRoundTrip_data();
    void textRoundTrip();
    void dataRepositoriesRoundTrip_data();
    void dataRepositoriesRoundTrip();
    void duplicateInsertIsUniqueViolation();
    void dataRepositoriesReportConstraints();
    void auditOfUnknownKeyIsForeignKeyViolation();
    void lastUsedBatchNeverGoesBackwards();
    void managerCreatesHashedKeysWithAudit();
    void managerRevokesOnce();
    void managerRefusesBadInput();
    void authenticatorScopes();
    void analyzeRoutesRefuseReadKeys();
    void authenticatorSeesRevocationAfterCacheTtl();
    void authenticatorWritesLastUseInBatches();
    void authenticatorReportsAnUnreachableDatabase();

private:
    std::unique_ptr<repotest::Sandbox> m_sandbox;
    thetool::db::Database *m_db = nullptr;
};
