// The executables' --version and --help, run as a user would run them.
#include <QProcess>
#include <QTest>

#include "thetool_buildinfo.h"

class TestCli : public QObject
{
    Q_OBJECT

    struct Run {
        int exitCode = -1;
        QString out;
        QString err;
    };

    static Run run(const QString &program, const QStringList &args)
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY")); // --version/--help must not need a display
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        process.setProcessEnvironment(env);
        process.start(program, args);
        if (!process.waitForFinished(30000))
            return {};
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                QString::fromUtf8(process.readAllStandardOutput()),
                QString::fromUtf8(process.readAllStandardError())};
    }

private Q_SLOTS:
    void version_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<QString>("name");
        QTest::newRow("thetool") << qEnvironmentVariable("THETOOL_BIN") << QStringLiteral("thetool");
        if (!qEnvironmentVariable("THETOOL_CONSOLE_BIN").isEmpty())
            QTest::newRow("console") << qEnvironmentVariable("THETOOL_CONSOLE_BIN")
                                     << QStringLiteral("thetool-console");
    }

    void version()
    {
        QFETCH(QString, program);
        QFETCH(QString, name);
        const Run result = run(program, {QStringLiteral("--version")});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out.trimmed(), name + QStringLiteral(" " THETOOL_VERSION " (rev " THETOOL_GIT_REVISION ")"));
    }

    void help_data() { version_data(); }

    void help()
    {
        QFETCH(QString, program);
        QFETCH(QString, name);
        const Run result = run(program, {QStringLiteral("--help")});
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.out.startsWith(QStringLiteral("Usage: ") + name), qPrintable(result.out));
    }

    void unknownCommandIsUsageError()
    {
        const Run result = run(qEnvironmentVariable("THETOOL_BIN"), {QStringLiteral("frobnicate")});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(QStringLiteral("unknown command 'frobnicate'")), qPrintable(result.err));
    }

    void noArgumentsPrintsUsageToStderr()
    {
        const Run result = run(qEnvironmentVariable("THETOOL_BIN"), {});
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.err.contains(QStringLiteral("Usage: thetool")));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
