#pragma once

#include <QJsonObject>
#include <QString>

#include "client/local/localerror.h"

namespace thetool::client {

// Where the console keeps API keys (DESIGN.md "Console"): the OS keychain through QtKeychain
// when a secret service answers within a timeout, else a JSON file of mode 0600 in the
// user's config folder. Which one is used is decided once, at construction, and the UI says
// which. Calls are synchronous: a keychain call waits in a local event loop, bounded by the
// timeout.
class SecretStore
{
public:
    enum class Backend { Keychain, File };

    struct Options {
        QString service = QStringLiteral("TheTool Console"); // the keychain's service name
        QString fileFolder; // empty: QStandardPaths::AppConfigLocation
        int keychainTimeoutMs = 3000;
        bool tryKeychain = true;
    };

    SecretStore();
    explicit SecretStore(Options options);

    Backend backend() const { return m_backend; }
    // For the UI: "the system keychain (Secret Service)" or "the file <path> (mode 0600)".
    QString backendDescription() const;
    // Why the keychain is not used (empty when it is).
    QString keychainProblem() const { return m_keychainProblem; }
    QString filePath() const;

    // Empty with no error when nothing is stored under `name`.
    QString read(const QString &name, LocalError *error = nullptr) const;
    LocalError write(const QString &name, const QString &secret);
    LocalError remove(const QString &name);

private:
    bool probeKeychain();
    LocalError readFile(QJsonObject *out) const;
    LocalError writeFile(const QJsonObject &secrets);

    Options m_options;
    Backend m_backend = Backend::File;
    QString m_keychainProblem;
};

} // namespace thetool::client
