#pragma once

// Access to the golden outputs of the original code in tests/data/golden/classic.
#include <QDir>
#include <QFile>
#include <QMap>
#include <QString>
#include <QStringList>

#include <cmath>
#include <vector>

namespace thetool::tests {

inline QString goldenDir()
{
    return qEnvironmentVariable("THETOOL_SOURCE_DIR") + QStringLiteral("/tests/data/golden/classic");
}

inline QStringList goldenCases()
{
    QStringList names;
    const auto files = QDir(goldenDir() + QStringLiteral("/inputs"))
                           .entryList({QStringLiteral("*.csv")}, QDir::Files, QDir::Name);
    for (const QString &file : files)
        names << file.chopped(4);
    return names;
}

// The golden JSON files of `subdir` ("analyze", "backtest"), full paths, sorted by name.
inline QStringList goldenJsonFiles(const QString &subdir)
{
    const QDir dir(goldenDir() + QLatin1Char('/') + subdir);
    QStringList paths;
    for (const QString &file : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        paths << dir.filePath(file);
    return paths;
}

// A golden series file: column name -> one value per bar, NaN where the original raised.
struct GoldenSeries {
    QStringList dates;
    QMap<QString, std::vector<double>> columns;
    QString error;
};

inline GoldenSeries readGoldenSeries(const QString &name)
{
    GoldenSeries g;
    QFile file(goldenDir() + QStringLiteral("/series/") + name + QStringLiteral(".csv"));
    if (!file.open(QIODevice::ReadOnly)) {
        g.error = QStringLiteral("cannot open ") + file.fileName();
        return g;
    }
    QStringList header;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const QStringList cells = line.split(QLatin1Char(','));
        if (header.isEmpty()) {
            header = cells;
            continue;
        }
        g.dates << cells.value(0);
        for (qsizetype i = 1; i < header.size(); ++i) {
            const QString cell = cells.value(i);
            g.columns[header[i]].push_back(cell.isEmpty() ? std::nan("") : cell.toDouble());
        }
    }
    return g;
}

} // namespace thetool::tests
