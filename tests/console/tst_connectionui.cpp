// The connection dialog and the status-bar widget, offscreen: the http:// warning, where keys
// are kept, saving a profile, "Test connection" against an address nobody answers, and the
// failure actions of the embedded server's status.
#include <QLineEdit>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include "client/local/connectionmanager.h"
#include "client/local/embeddedserver.h"
#include "client/local/profilestore.h"
#include "client/local/secretstore.h"
#include "client/local/settings.h"
#include "ui/connection/connectiondialog.h"
#include "ui/connection/serverstatuswidget.h"

using namespace thetool;

class TestConnectionUi : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    client::EmbeddedServer::Options missingServer() const
    {
        client::EmbeddedServer::Options o;
        o.program = m_dir.filePath(QStringLiteral("no-server-here"));
        o.dataPath = m_dir.filePath(QStringLiteral("data"));
        return o;
    }

private Q_SLOTS:
    void dialogWarnsSavesAndTests()
    {
        client::Settings settings(m_dir.filePath(QStringLiteral("console.ini")));
        client::SecretStore::Options secretOptions;
        secretOptions.fileFolder = m_dir.filePath(QStringLiteral("config"));
        client::SecretStore secrets(secretOptions);
        client::ProfileStore profiles(settings, secrets);
        client::EmbeddedServer embedded(missingServer());
        client::ConnectionManager connections(profiles, embedded);
        ui::ConnectionDialog dialog(profiles, secrets, connections, embedded);
        QVERIFY(dialog.secretStoreText().contains(QStringLiteral("0600")));
        QCOMPARE(dialog.selectedProfile(), client::ConnectionProfile::embeddedName());

        dialog.newProfile();
        dialog.setForm(
            QStringLiteral("Office"), QStringLiteral("http://10.1.2.3:8000"), QStringLiteral("k-1"));
        QVERIFY(dialog.insecureWarningVisible());
        dialog.setForm(
            QStringLiteral("Office"), QStringLiteral("http://127.0.0.1:8000"), QStringLiteral("k-1"));
        QVERIFY(!dialog.insecureWarningVisible());

        // A port that was just free: nobody answers there.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        const QString url = QStringLiteral("http://127.0.0.1:%1").arg(port);
        dialog.setForm(QStringLiteral("Office"), url, QStringLiteral("k-1"));
        QVERIFY(dialog.saveProfile());
        QCOMPARE(dialog.selectedProfile(), QStringLiteral("Office"));
        QCOMPARE(profiles.key(QStringLiteral("Office")), QStringLiteral("k-1"));

        QSignalSpy finished(&dialog, &ui::ConnectionDialog::testFinished);
        dialog.testConnection();
        QVERIFY(finished.wait(20000));
        QVERIFY2(dialog.resultText().contains(
                     QStringLiteral("cannot reach 127.0.0.1:%1").arg(port), Qt::CaseInsensitive),
            qPrintable(dialog.resultText()));
    }

    void testConnectionToTheEmbeddedServer()
    {
        client::Settings settings(m_dir.filePath(QStringLiteral("console3.ini")));
        client::SecretStore::Options secretOptions;
        secretOptions.fileFolder = m_dir.filePath(QStringLiteral("config3"));
        client::SecretStore secrets(secretOptions);
        client::ProfileStore profiles(settings, secrets);
        client::EmbeddedServer::Options o;
        o.dataPath = m_dir.filePath(QStringLiteral("embedded"));
        client::EmbeddedServer embedded(o);
        client::ConnectionManager connections(profiles, embedded);
        QVERIFY(connections.activate(client::ConnectionProfile::embeddedName()).ok());
        QTRY_VERIFY_WITH_TIMEOUT(connections.current().isConnected(), 60000);
        QCOMPARE(connections.current().url, embedded.url());
        QCOMPARE(connections.current().apiKey, embedded.apiKey());

        ui::ConnectionDialog dialog(profiles, secrets, connections, embedded);
        QCOMPARE(dialog.selectedProfile(), client::ConnectionProfile::embeddedName());
        QSignalSpy finished(&dialog, &ui::ConnectionDialog::testFinished);
        dialog.testConnection();
        QVERIFY(finished.wait(20000));
        const QString result = dialog.resultText();
        QVERIFY2(result.startsWith(QStringLiteral("Reached in ")), qPrintable(result));
        QVERIFY2(result.contains(QStringLiteral("status ok")), qPrintable(result));
        QVERIFY2(result.contains(QStringLiteral("The API key is accepted")), qPrintable(result));
    }

    void statusShowsTheFailureWithItsActions()
    {
        client::Settings settings(m_dir.filePath(QStringLiteral("console2.ini")));
        client::SecretStore::Options secretOptions;
        secretOptions.fileFolder = m_dir.filePath(QStringLiteral("config2"));
        client::SecretStore secrets(secretOptions);
        client::ProfileStore profiles(settings, secrets);
        client::EmbeddedServer embedded(missingServer());
        client::ConnectionManager connections(profiles, embedded);
        ui::ServerStatusWidget status(connections, embedded);
        QVERIFY(!status.failureActionsVisible());
        QVERIFY(connections.activate(client::ConnectionProfile::embeddedName()).ok());
        QCOMPARE(embedded.state(), client::EmbeddedServer::State::Failed);
        QVERIFY(status.failureActionsVisible());
        QCOMPARE(status.text(), embedded.failure().message);
        QVERIFY(!connections.current().isConnected());
    }
};

QTEST_MAIN(TestConnectionUi)
#include "tst_connectionui.moc"
