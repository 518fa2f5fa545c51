#include "tests/ui/uitestsupport.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QRandomGenerator>
#include <QTextDocument>
#include <QUrl>

namespace thetool::test {

RemoteProfile::RemoteProfile(ServerProcess &server)
    : ui::ClientOpsApi(client)
{
    client.setServer(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.port())), server.masterKey());
}

std::unique_ptr<RemoteProfile> remoteProfile(ServerProcess &server)
{
    return std::make_unique<RemoteProfile>(server);
}

QString startAnalysis(
    ServerProcess &server, const QJsonObject &body, const QByteArray &extraHeaders, QString *why)
{
    const auto response = server.request("POST", "/api/analysis/analyze",
        server.authHeader() + "Content-Type: application/json\r\n" + extraHeaders,
        QJsonDocument(body).toJson(QJsonDocument::Compact));
    if (!response || (response->status != 200 && response->status != 201)) {
        if (why)
            *why = response ? QString::fromUtf8(response->body) : QStringLiteral("no answer");
        return {};
    }
    return QJsonDocument::fromJson(response->body).object().value(QLatin1String("job_id")).toString();
}

QJsonObject getJson(ServerProcess &server, const QByteArray &target)
{
    const auto response = server.get(target, server.authHeader());
    return response ? QJsonDocument::fromJson(response->body).object() : QJsonObject();
}

QByteArray chartBody(const QString &symbol, int days)
{
    QRandomGenerator random(quint32(qHash(symbol)));
    QJsonArray timestamps, open, high, low, close, volume;
    const QDateTime first = QDateTime::currentDateTimeUtc().addDays(-days);
    double price = 100.0 + random.bounded(400.0);
    for (int i = 0; i < days; ++i) {
        const double change = (random.bounded(2.0) - 0.97) * price * 0.02;
        const double o = price;
        price = qMax(1.0, price + change);
        timestamps.append(first.addDays(i).toSecsSinceEpoch());
        open.append(o);
        close.append(price);
        high.append(qMax(o, price) * (1.0 + random.bounded(0.01)));
        low.append(qMin(o, price) * (1.0 - random.bounded(0.01)));
        volume.append(100000 + random.bounded(900000));
    }
    const QJsonObject quote {{QStringLiteral("open"), open}, {QStringLiteral("high"), high},
        {QStringLiteral("low"), low}, {QStringLiteral("close"), close}, {QStringLiteral("volume"), volume}};
    const QJsonObject result {
        {QStringLiteral("meta"),
            QJsonObject {{QStringLiteral("symbol"), symbol}, {QStringLiteral("gmtoffset"), 19800}}},
        {QStringLiteral("timestamp"), timestamps},
        {QStringLiteral("indicators"),
            QJsonObject {{QStringLiteral("quote"), QJsonArray {quote}},
                {QStringLiteral("adjclose"),
                    QJsonArray {QJsonObject {{QStringLiteral("adjclose"), close}}}}}}};
    return QJsonDocument(QJsonObject {{QStringLiteral("chart"),
                             QJsonObject {{QStringLiteral("result"), QJsonArray {result}},
                                 {QStringLiteral("error"), QJsonValue()}}}})
        .toJson(QJsonDocument::Compact);
}

QStringList elidedLabels(QWidget *root)
{
    QStringList problems;
    for (QLabel *label : root->findChildren<QLabel *>()) {
        if (!label->isVisibleTo(root) || label->text().isEmpty() || label->width() <= 0)
            continue;
        const QRect box = label->contentsRect().adjusted(
            label->margin(), label->margin(), -label->margin(), -label->margin());
        const bool rich = label->textFormat() == Qt::RichText
            || (label->textFormat() == Qt::AutoText && Qt::mightBeRichText(label->text()));
        QString plain = label->text();
        if (rich) {
            QTextDocument doc;
            doc.setHtml(plain);
            plain = doc.toPlainText();
        }
        const QFontMetrics fm = label->fontMetrics();
        if (label->wordWrap()) {
            const int needed = label->heightForWidth(label->width());
            if (needed > label->height())
                problems << QStringLiteral("%1 '%2': needs %3 px high, has %4")
                                .arg(label->objectName(), plain.left(60))
                                .arg(needed)
                                .arg(label->height());
            continue;
        }
        int widest = 0;
        for (const QString &line : plain.split(QLatin1Char('\n')))
            widest = qMax(widest, fm.horizontalAdvance(line));
        if (widest > box.width())
            problems << QStringLiteral("%1 '%2': needs %3 px, has %4")
                            .arg(label->objectName(), plain.left(60))
                            .arg(widest)
                            .arg(box.width());
    }
    return problems;
}

} // namespace thetool::test
