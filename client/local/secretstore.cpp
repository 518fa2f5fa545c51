#include "client/local/secretstore.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTimer>

#include <cstdio>
#include <memory>

#include <qt6keychain/keychain.h>

namespace thetool::client {

namespace {

constexpr auto privateFile = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

struct KeychainOutcome {
    bool finished = false;
    QKeychain::Error error = QKeychain::NoError;
    QString errorString;
    QString text;
};

// Runs one QtKeychain job to completion or until the timeout. A job that times out deletes
// itself whenever it finishes (autoDelete); the outcome is shared so it may outlive this call.
KeychainOutcome runJob(QKeychain::Job *job, int timeoutMs)
{
    auto outcome = std::make_shared<KeychainOutcome>();
    QEventLoop loop;
    QObject::connect(job, &QKeychain::Job::finished, &loop, [outcome, &loop](QKeychain::Job *done) {
        outcome->finished = true;
        outcome->error = done->error();
        outcome->errorString = done->errorString();
        if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(done))
            outcome->text = read->textData();
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    job->setAutoDelete(true);
    job->start();
    if (!outcome->finished)
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    return *outcome;
}

} // namespace

SecretStore::SecretStore()
    : SecretStore(Options {})
{ }

SecretStore::SecretStore(Options options)
    : m_options(std::move(options))
{
    if (m_options.fileFolder.isEmpty())
        m_options.fileFolder = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
    m_backend = m_options.tryKeychain && probeKeychain() ? Backend::Keychain : Backend::File;
}

bool SecretStore::probeKeychain()
{
    // The Secret Service and KWallet are reached over the session bus: without one there is
    // nothing to wait for.
    const QByteArray bus = qgetenv("DBUS_SESSION_BUS_ADDRESS");
    if (bus.isEmpty() || bus.startsWith("disabled:")) {
        m_keychainProblem = QStringLiteral("no D-Bus session bus");
        return false;
    }
    auto *job = new QKeychain::ReadPasswordJob(m_options.service);
    job->setKey(QStringLiteral("__probe__"));
    const KeychainOutcome outcome = runJob(job, m_options.keychainTimeoutMs);
    if (!outcome.finished) {
        m_keychainProblem =
            QStringLiteral("the keychain did not answer within %1 ms").arg(m_options.keychainTimeoutMs);
        return false;
    }
    if (outcome.error == QKeychain::NoError || outcome.error == QKeychain::EntryNotFound)
        return true;
    m_keychainProblem =
        outcome.errorString.isEmpty() ? QStringLiteral("no keychain service") : outcome.errorString;
    return false;
}

QString SecretStore::filePath() const
{
    return QDir(m_options.fileFolder).filePath(QStringLiteral("secrets.json"));
}

QString SecretStore::backendDescription() const
{
    if (m_backend == Backend::Keychain)
        return QStringLiteral("the system keychain");
    return QStringLiteral("the file %1 (readable by you only, mode 0600)")
        .arg(QDir::toNativeSeparators(filePath()));
}

QString SecretStore::read(const QString &name, LocalError *error) const
{
    if (m_backend == Backend::Keychain) {
        auto *job = new QKeychain::ReadPasswordJob(m_options.service);
        job->setKey(name);
        const KeychainOutcome outcome = runJob(job, m_options.keychainTimeoutMs);
        if (outcome.finished
            && (outcome.error == QKeychain::NoError || outcome.error == QKeychain::EntryNotFound))
            return outcome.text;
        if (error)
            *error = LocalError::make(outcome.finished
                    ? QStringLiteral("The keychain refused to read the key of '%1': %2")
                          .arg(name, outcome.errorString)
                    : QStringLiteral("The keychain did not answer"));
        return {};
    }
    QJsonObject secrets;
    if (LocalError e = readFile(&secrets)) {
        if (error)
            *error = e;
        return {};
    }
    return secrets.value(name).toString();
}

LocalError SecretStore::write(const QString &name, const QString &secret)
{
    if (m_backend == Backend::Keychain) {
        auto *job = new QKeychain::WritePasswordJob(m_options.service);
        job->setKey(name);
        job->setTextData(secret);
        const KeychainOutcome outcome = runJob(job, m_options.keychainTimeoutMs);
        if (outcome.finished && outcome.error == QKeychain::NoError)
            return {};
        return LocalError::make(outcome.finished
                ? QStringLiteral("The keychain refused to store the key: %1").arg(outcome.errorString)
                : QStringLiteral("The keychain did not answer"));
    }
    QJsonObject secrets;
    if (LocalError e = readFile(&secrets))
        return e;
    secrets.insert(name, secret);
    return writeFile(secrets);
}

LocalError SecretStore::remove(const QString &name)
{
    if (m_backend == Backend::Keychain) {
        auto *job = new QKeychain::DeletePasswordJob(m_options.service);
        job->setKey(name);
        const KeychainOutcome outcome = runJob(job, m_options.keychainTimeoutMs);
        if (outcome.finished
            && (outcome.error == QKeychain::NoError || outcome.error == QKeychain::EntryNotFound))
            return {};
        return LocalError::make(outcome.finished
                ? QStringLiteral("The keychain refused to delete the key: %1").arg(outcome.errorString)
                : QStringLiteral("The keychain did not answer"));
    }
    QJsonObject secrets;
    if (LocalError e = readFile(&secrets))
        return e;
    if (!secrets.contains(name))
        return {};
    secrets.remove(name);
    return writeFile(secrets);
}

LocalError SecretStore::readFile(QJsonObject *out) const
{
    QFile file(filePath());
    if (!file.exists()) {
        *out = {};
        return {};
    }
    if (!file.open(QIODevice::ReadOnly))
        return LocalError::make(QStringLiteral("Cannot read %1: %2").arg(filePath(), file.errorString()));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject())
        return LocalError::make(QStringLiteral("%1 is damaged (%2): move it away to start afresh")
                                    .arg(filePath(), parseError.errorString()));
    *out = document.object();
    return {};
}

LocalError SecretStore::writeFile(const QJsonObject &secrets)
{
    if (!QDir().mkpath(m_options.fileFolder))
        return LocalError::make(QStringLiteral("Cannot create the folder %1").arg(m_options.fileFolder));
    // A private temporary file (created with mode 0600, never wider) renamed over the old one:
    // the secrets are never readable by others, not even for a moment, and never half written.
    const QString target = filePath();
    const QString temporary = target + QStringLiteral(".new");
    QFile::remove(temporary);
    QFile file(temporary);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, privateFile))
        return LocalError::make(QStringLiteral("Cannot write %1: %2").arg(temporary, file.errorString()));
    const QByteArray bytes = QJsonDocument(secrets).toJson(QJsonDocument::Indented);
    if (file.write(bytes) != bytes.size() || !file.flush()) {
        const QString reason = file.errorString();
        file.close();
        QFile::remove(temporary);
        return LocalError::make(QStringLiteral("Cannot write %1: %2").arg(temporary, reason));
    }
    file.close();
    if (std::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(target).constData()) != 0) {
        QFile::remove(temporary);
        return LocalError::make(QStringLiteral("Cannot replace %1").arg(target));
    }
    return {};
}

} // namespace thetool::client
