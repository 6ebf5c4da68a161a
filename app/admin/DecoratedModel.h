#pragma once

#include <QIdentityProxyModel>

#include <functional>

namespace baton {

// Adds presentation (icons, colours, fonts) to a model that must stay free
// of GUI types (the core models are Qt Core only). The decorator answers a
// role for a source index, or returns an invalid QVariant to pass through.
class DecoratedModel final : public QIdentityProxyModel {
    Q_OBJECT
public:
    using Decorator = std::function<QVariant(const QModelIndex &source, int role)>;

    DecoratedModel(Decorator decorator, QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    Decorator m_decorator;
};

} // namespace baton
