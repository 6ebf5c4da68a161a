#include "DecoratedModel.h"

namespace baton {

DecoratedModel::DecoratedModel(Decorator decorator, QObject *parent)
    : QIdentityProxyModel(parent), m_decorator(std::move(decorator))
{
}

QVariant DecoratedModel::data(const QModelIndex &index, int role) const
{
    if (index.isValid()) {
        const QVariant decorated = m_decorator(mapToSource(index), role);
        if (decorated.isValid())
            return decorated;
    }
    return QIdentityProxyModel::data(index, role);
}

} // namespace baton
