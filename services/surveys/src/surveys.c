#include "surveys.h"

#include <string.h>
#include "koers/validate.h"

const char *const surveys_audiences[] = {"citizens", "employees", "managers", "council_members",
                                         NULL};

int surveys_is_audience(const char *s)
{
    size_t i;

    for (i = 0; s != NULL && surveys_audiences[i] != NULL; i++)
        if (strcmp(s, surveys_audiences[i]) == 0)
            return 1;
    return 0;
}
