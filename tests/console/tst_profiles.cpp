// Settings, connection profiles and the secret store (acceptance 3 of issue 18): a profile's
// key never reaches the settings file, and the file store is mode 0600.
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include "client/local/connectionprofile.h"
#include "client/local/profilestore.h"
#include "client/local/secretstore.h"
#include "client/local/settings.h"

using namespace thetool::client;

namespace {

QString freshKey()
{
    return QStringLiteral("tt_key_%1%2")
        .arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'))
        .arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'));
}

QByteArray contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

int modeOf(const QString &path)
{
    struct stat info {
    };
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return static_cast<int>(info.st_mode & 07777);
}

ConnectionProfile remote(const QString &name, const QString &url)
{
    return ConnectionProfile {name, QUrl(url), false};
}

} // namespace

class TestProfiles : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString settingsFile() const { return m_dir.filePath(QStringLiteral("console.ini")); }
    SecretStore::Options secretOptions() const
    {
        SecretStore::Options o;
        o.fileFolder = m_dir.filePath(QStringLiteral("config"));
        return o;
    }

private Q_SLOTS:
    void init()
    {
        QFile::remove(settingsFile());
        QFile::remove(m_dir.filePath(QStringLiteral("config/secrets.json")));
    }

    void withoutASessionBusTheFileStoreIsUsed()
    {
        const SecretStore secrets(secretOptions());
        QCOMPARE(secrets.backend(), SecretStore::Backend::File);
        QVERIFY(secrets.backendDescription().contains(secrets.filePath()));
        QVERIFY(secrets.backendDescription().contains(QStringLiteral("0600")));
        QVERIFY(!secrets.keychainProblem().isEmpty());
    }

    void keyNeverInSettingsAndFileIs0600()
    {
        Settings settings(settingsFile());
        SecretStore secrets(secretOptions());
        ProfileStore store(settings, secrets);
        const QString key = freshKey();
        QVERIFY(
            store.add(remote(QStringLiteral("Production"), QStringLiteral("https://tool.example.com")), key)
                .ok());
        store.setLastProfile(QStringLiteral("Production"));
        settings.sync();

        const QByteArray settingsText = contents(settingsFile());
        QVERIFY(settingsText.contains("tool.example.com")); // the profile itself is there
        QVERIFY(!settingsText.contains(key.toUtf8()));
        QVERIFY(contents(secrets.filePath()).contains(key.toUtf8()));
        QCOMPARE(modeOf(secrets.filePath()), 0600);
        QCOMPARE(store.key(QStringLiteral("Production")), key);

        // Edit with a new key and rename: the old name's key goes, the new one arrives, and the
        // file stays private after being replaced.
        const QString newKey = freshKey();
        QVERIFY(store
                    .update(QStringLiteral("Production"),
                        remote(QStringLiteral("Prod EU"), QStringLiteral("https://eu.example.com")), newKey)
                    .ok());
        settings.sync();
        QVERIFY(!contents(settingsFile()).contains(newKey.toUtf8()));
        QVERIFY(!contents(secrets.filePath()).contains(key.toUtf8()));
        QCOMPARE(store.key(QStringLiteral("Prod EU")), newKey);
        QCOMPARE(store.key(QStringLiteral("Production")), QString());
        QCOMPARE(store.lastProfile(), QStringLiteral("Prod EU"));
        QCOMPARE(modeOf(secrets.filePath()), 0600);

        // An edit without a key keeps the stored one.
        QVERIFY(store
                    .update(QStringLiteral("Prod EU"),
                        remote(QStringLiteral("Prod EU"), QStringLiteral("https://eu2.example.com")),
                        std::nullopt)
                    .ok());
        QCOMPARE(store.key(QStringLiteral("Prod EU")), newKey);

        QVERIFY(store.remove(QStringLiteral("Prod EU")).ok());
        QVERIFY(!contents(secrets.filePath()).contains(newKey.toUtf8()));
        QCOMPARE(store.lastProfile(), ConnectionProfile::embeddedName());
    }

    void embeddedProfileIsAlwaysFirstAndFixed()
    {
        Settings settings(settingsFile());
        SecretStore secrets(secretOptions());
        ProfileStore store(settings, secrets);
        QCOMPARE(store.profiles().size(), 1);
        QVERIFY(store.profiles().first().embedded);
        QCOMPARE(store.profiles().first().name, ConnectionProfile::embeddedName());
        QVERIFY(store.remove(ConnectionProfile::embeddedName()));
        QVERIFY(
            store.add(remote(ConnectionProfile::embeddedName(), QStringLiteral("https://a.example")), {}));
        QVERIFY(store.update(ConnectionProfile::embeddedName(),
            remote(QStringLiteral("x"), QStringLiteral("https://a.example")), {}));
        QCOMPARE(store.profiles().size(), 1);
    }

    void badProfilesAreRefused_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no name") << QString() << QStringLiteral("https://a.example")
                                 << QStringLiteral("name");
        QTest::newRow("spaces") << QStringLiteral(" a ") << QStringLiteral("https://a.example")
                                << QStringLiteral("spaces");
        QTest::newRow("no url") << QStringLiteral("a") << QString() << QStringLiteral("address");
        QTest::newRow("ftp") << QStringLiteral("a") << QStringLiteral("ftp://a.example")
                             << QStringLiteral("http://");
        QTest::newRow("no host") << QStringLiteral("a") << QStringLiteral("http://")
                                 << QStringLiteral("address");
        QTest::newRow("duplicate") << QStringLiteral("Staging") << QStringLiteral("https://b.example")
                                   << QStringLiteral("exists");
    }

    void badProfilesAreRefused()
    {
        QFETCH(QString, name);
        QFETCH(QString, url);
        QFETCH(QString, expected);
        Settings settings(settingsFile());
        SecretStore secrets(secretOptions());
        ProfileStore store(settings, secrets);
        QVERIFY(store.add(remote(QStringLiteral("Staging"), QStringLiteral("https://s.example")), {}).ok());
        const LocalError error = store.add(remote(name, url), freshKey());
        QVERIFY(error);
        QVERIFY2(error.message.contains(expected), qPrintable(error.message));
        QCOMPARE(store.profiles().size(), 2);
    }

    void lastProfileAndGeometryAreRemembered()
    {
        {
            Settings settings(settingsFile());
            SecretStore secrets(secretOptions());
            ProfileStore store(settings, secrets);
            QVERIFY(
                store.add(remote(QStringLiteral("Staging"), QStringLiteral("https://s.example")), {}).ok());
            store.setLastProfile(QStringLiteral("Staging"));
            settings.setWindowGeometry(QByteArray("geometry-bytes"));
            settings.setEmbeddedPort(8123);
            settings.sync();
        }
        Settings settings(settingsFile());
        SecretStore secrets(secretOptions());
        ProfileStore store(settings, secrets);
        QCOMPARE(store.lastProfile(), QStringLiteral("Staging"));
        QCOMPARE(store.find(QStringLiteral("Staging"))->url, QUrl(QStringLiteral("https://s.example")));
        QCOMPARE(settings.windowGeometry(), QByteArray("geometry-bytes"));
        QCOMPARE(settings.embeddedPort(), quint16(8123));
    }

    void insecureRemoteWarning_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("insecure");
        QTest::newRow("https remote") << QStringLiteral("https://tool.example.com") << false;
        QTest::newRow("http remote") << QStringLiteral("http://tool.example.com") << true;
        QTest::newRow("http private address") << QStringLiteral("http://192.168.1.20:8000") << true;
        QTest::newRow("http localhost") << QStringLiteral("http://localhost:8000") << false;
        QTest::newRow("http 127.0.0.1") << QStringLiteral("http://127.0.0.1:8000") << false;
        QTest::newRow("http 127.1.2.3") << QStringLiteral("http://127.1.2.3") << false;
        QTest::newRow("http [::1]") << QStringLiteral("http://[::1]:8000") << false;
    }

    void insecureRemoteWarning()
    {
        QFETCH(QString, url);
        QFETCH(bool, insecure);
        QCOMPARE(remote(QStringLiteral("x"), url).isInsecureRemote(), insecure);
    }

    void damagedSecretsFileIsAnErrorNotACrash()
    {
        SecretStore secrets(secretOptions());
        QVERIFY(secrets.write(QStringLiteral("a"), QStringLiteral("b")).ok());
        QFile file(secrets.filePath());
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("{not json");
        file.close();
        LocalError error;
        QCOMPARE(secrets.read(QStringLiteral("a"), &error), QString());
        QVERIFY(error);
        QVERIFY(error.message.contains(QStringLiteral("damaged")));
        QVERIFY(secrets.write(QStringLiteral("a"), QStringLiteral("c")));
    }
};

QTEST_GUILESS_MAIN(TestProfiles)
#include "tst_profiles.moc"
