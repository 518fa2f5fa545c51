#include "backend/server/strategyroutes.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "backend/analysis/strategy.h"
#include "backend/http/httpresponse.h"
#include "backend/http/router.h"
#include "backend/report/markdownhtml.h"
#include "backend/server/servercontext.h"

namespace thetool::server {

namespace {

using analysis::Strategy;

QString str(const std::string &s)
{
    return QString::fromStdString(s);
}

http::HttpResponse failure(int status, const QString &message)
{
    return http::HttpResponse::json(
        QJsonObject {{QStringLiteral("success"), false}, {QStringLiteral("error"), message}}, status);
}

// The strategy of the {id} segment, or nullptr (an id that is not 1..5, or not a number).
const Strategy *strategyOf(const http::HttpRequest &request, QString *idText)
{
    *idText = request.pathParam(QStringLiteral("id"));
    bool ok = false;
    const int id = idText->toInt(&ok);
    return ok ? analysis::findStrategy(id) : nullptr;
}

QJsonObject weights(const analysis::WeightList &list)
{
    QJsonObject o;
    for (const auto &[key, weight] : list)
        o.insert(str(key), weight);
    return o;
}

QJsonObject riskProfile(const analysis::RiskProfile &r)
{
    QJsonObject o {{QStringLiteral("default_stop_loss_pct"), r.defaultStopLossPct},
        {QStringLiteral("default_target_multiplier"), r.defaultTargetMultiplier},
        {QStringLiteral("max_position_size_pct"), r.maxPositionSizePct}};
    if (r.minRewardPct)
        o.insert(QStringLiteral("min_reward_pct"), *r.minRewardPct);
    if (r.maxStopLossPct)
        o.insert(QStringLiteral("max_stop_loss_pct"), *r.maxStopLossPct);
    if (r.useDynamicStopLoss)
        o.insert(QStringLiteral("use_dynamic_stop_loss"), *r.useDynamicStopLoss);
    if (r.atrMultiplier)
        o.insert(QStringLiteral("atr_multiplier"), *r.atrMultiplier);
    if (r.useWiderStopForVolatility)
        o.insert(QStringLiteral("use_wider_stop_for_volatility"), *r.useWiderStopForVolatility);
    if (r.maxHoldingBars)
        o.insert(QStringLiteral("max_holding_bars"), *r.maxHoldingBars);
    if (r.requireVolumeFilter)
        o.insert(QStringLiteral("require_volume_filter"), *r.requireVolumeFilter);
    return o;
}

QString helpUrl(const Strategy &s)
{
    return QStringLiteral("/strategies/%1").arg(s.id);
}

QJsonObject summary(const Strategy &s)
{
    return {{QStringLiteral("id"), s.id}, {QStringLiteral("name"), str(s.name)},
        {QStringLiteral("description"), str(s.description)}, {QStringLiteral("help_url"), helpUrl(s)}};
}

QString helpMarkdown(const Strategy &s)
{
    QFile file(QStringLiteral(":/resources/strategies/strategy_%1.md").arg(s.id));
    if (file.open(QIODevice::ReadOnly))
        return QString::fromUtf8(file.readAll());
    return QStringLiteral("# %1\n\n%2").arg(str(s.name), str(s.description)); // the original's fallback
}

} // namespace

void addStrategyRoutes(http::Router &router, const ServerContext &)
{
    const http::Access read = http::Access::needs(http::Scope::Read);

    router.add(
        "GET", QStringLiteral("/api/strategies"),
        [](const http::HttpRequest &) {
            QJsonArray list;
            for (const Strategy &s : analysis::strategies())
                list.append(summary(s));
            return http::HttpResponse::json(QJsonObject {{QStringLiteral("success"), true},
                {QStringLiteral("strategies"), list}, {QStringLiteral("default_strategy_id"), 1}});
        },
        read);

    router.add(
        "GET", QStringLiteral("/api/strategies/{id}"),
        [](const http::HttpRequest &request) {
            QString id;
            const Strategy *s = strategyOf(request, &id);
            if (!s)
                return failure(404, QStringLiteral("Strategy %1 not found").arg(id));
            QJsonObject detail = summary(*s);
            detail.insert(QStringLiteral("indicator_weights"), weights(s->indicatorWeights));
            detail.insert(QStringLiteral("category_weights"), weights(s->categoryWeights));
            detail.insert(QStringLiteral("risk_profile"), riskProfile(s->risk));
            return http::HttpResponse::json(
                QJsonObject {{QStringLiteral("success"), true}, {QStringLiteral("strategy"), detail}});
        },
        read);

    router.add(
        "GET", QStringLiteral("/api/strategies/{id}/help"),
        [](const http::HttpRequest &request) {
            QString id;
            const Strategy *s = strategyOf(request, &id);
            if (!s)
                return failure(404, QStringLiteral("Strategy %1 not found").arg(id));
            const QString format =
                request.queryValue(QStringLiteral("format"), QStringLiteral("markdown")).toLower();
            if (format != QLatin1String("markdown") && format != QLatin1String("html"))
                return failure(400, QStringLiteral("format must be markdown or html"));
            const QString markdown = helpMarkdown(*s);
            return http::HttpResponse::json(QJsonObject {{QStringLiteral("success"), true},
                {QStringLiteral("strategy_id"), s->id}, {QStringLiteral("name"), str(s->name)},
                {QStringLiteral("description"), str(s->description)},
                {QStringLiteral("help_content"),
                    format == QLatin1String("html") ? report::markdownToHtml(markdown) : markdown},
                {QStringLiteral("format"), format}});
        },
        read);

    router.add(
        "GET", QStringLiteral("/api/strategies/{id}/weights"),
        [](const http::HttpRequest &request) {
            QString id;
            const Strategy *s = strategyOf(request, &id);
            if (!s)
                return failure(404, QStringLiteral("Strategy %1 not found").arg(id));
            const QJsonObject params =
                QJsonDocument::fromJson(QByteArray::fromStdString(s->indicatorParamsJson)).object();
            return http::HttpResponse::json(QJsonObject {{QStringLiteral("success"), true},
                {QStringLiteral("strategy_id"), s->id}, {QStringLiteral("name"), str(s->name)},
                {QStringLiteral("indicator_weights"), weights(s->indicatorWeights)},
                {QStringLiteral("category_weights"), weights(s->categoryWeights)},
                {QStringLiteral("indicator_params"), params},
                {QStringLiteral("risk_profile"), riskProfile(s->risk)}});
        },
        read);
}

} // namespace thetool::server
