#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace thetool::report {

// The keys of the object `root[member]` in the order the JSON text writes them
// (QJsonObject sorts its keys; some request fields are ordered). `json` must be valid
// JSON; anything else gives an empty list.
QStringList objectKeysInOrder(const QByteArray &json, const QString &member);

} // namespace thetool::report
