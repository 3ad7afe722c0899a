/* app — helpers shared by the method files. See app.h. */
#include "app.h"

#include "log.h"

void app_register(app *a, rpc_method *methods)
{
    for (rpc_method *m = methods; m->name; m++) {
        m->udata = a;
        if (rpc_register(a->rpc, m, NULL) != 0)
            log_error("app", "method %s is registered twice", m->name);
    }
}
