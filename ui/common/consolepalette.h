#pragma once

#include <QPalette>
#include <QString>

namespace thetool::ui {

// Light and dark palettes on the Fusion style (Qt 6.4 has no colour-scheme API), for
// `--palette light|dark` and the screenshots.
QPalette consolePalette(bool dark);
// Applies Fusion and the palette to the whole application; `name` is "light" or "dark".
bool applyConsolePalette(const QString &name);

} // namespace thetool::ui
