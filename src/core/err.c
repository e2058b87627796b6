#include "core/err.h"

static const struct {
        const char *code;
        int status;
} err_table[E__MAX] = {
#define X(name, code, status) [name] = {code, status},
    ECAT_ERRORS(X)
#undef X
};

const char *err_code(enum ecat_err e)
{
        if ((unsigned)e >= E__MAX)
                e = E_INTERNAL;
        return err_table[e].code;
}

int err_status(enum ecat_err e)
{
        if ((unsigned)e >= E__MAX)
                e = E_INTERNAL;
        return err_table[e].status;
}
