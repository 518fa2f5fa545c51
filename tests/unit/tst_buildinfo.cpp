#include <QRegularExpression>
#include <QTest>

#include "backend/core/buildinfo.h"
#include "thetool_buildinfo.h"

class TestBuildInfo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void versionIsSemantic()
    {
        const QRegularExpression semver(QStringLiteral("^\\d+\\.\\d+\\.\\d+$"));
        QVERIFY2(semver.match(thetool::core::version()).hasMatch(), qPrintable(thetool::core::version()));
        QCOMPARE(thetool::core::version(), QStringLiteral(THETOOL_VERSION));
    }

    void revisionIsCompiledIn()
    {
        QVERIFY(!thetool::core::gitRevision().isEmpty());
        QCOMPARE(thetool::core::versionWithRevision(),
                 thetool::core::version() + QStringLiteral(" (rev ") + thetool::core::gitRevision()
                     + QLatin1Char(')'));
    }
};

QTEST_GUILESS_MAIN(TestBuildInfo)
#include "tst_buildinfo.moc"
