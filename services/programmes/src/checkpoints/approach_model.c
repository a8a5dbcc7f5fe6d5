#include "checkpoints/approach_model.h"

#include <stdlib.h>
#include <string.h>

/* Appends size bytes of item to *list (n items), growing it by one. */
static int append(void **list, size_t *n, size_t size, const void *item)
{
    void *grown = realloc(*list, (*n + 1) * size);

    if (grown == NULL)
        return -1;
    memcpy((char *)grown + *n * size, item, size);
    *list = grown;
    (*n)++;
    return 0;
}

int approach_model_add_phase(approach_model *m, const am_phase *item)
{
    return append((void **)&m->phases, &m->nphases, sizeof(*item), item);
}

int approach_model_add_step(approach_model *m, const am_step *item)
{
    return append((void **)&m->steps, &m->nsteps, sizeof(*item), item);
}

int approach_model_add_block(approach_model *m, const am_block *item)
{
    return append((void **)&m->blocks, &m->nblocks, sizeof(*item), item);
}

int approach_model_add_group(approach_model *m, const am_group *item)
{
    return append((void **)&m->groups, &m->ngroups, sizeof(*item), item);
}

int approach_model_add_member(approach_model *m, const am_member *item)
{
    return append((void **)&m->members, &m->nmembers, sizeof(*item), item);
}

int approach_model_add_person(approach_model *m, const char *person_id)
{
    char id[37] = "";

    strncpy(id, person_id, sizeof(id) - 1);
    return append((void **)&m->people, &m->npeople, sizeof(id), id);
}

am_phase *approach_model_phase(approach_model *m, const char *id)
{
    size_t i;

    for (i = 0; id != NULL && i < m->nphases; i++)
        if (m->phases[i].id[0] != '\0' && strcmp(m->phases[i].id, id) == 0)
            return &m->phases[i];
    return NULL;
}

am_step *approach_model_step(approach_model *m, const char *id)
{
    size_t i;

    for (i = 0; id != NULL && i < m->nsteps; i++)
        if (m->steps[i].id[0] != '\0' && strcmp(m->steps[i].id, id) == 0)
            return &m->steps[i];
    return NULL;
}

am_block *approach_model_block(approach_model *m, const char *id)
{
    size_t i;

    for (i = 0; id != NULL && i < m->nblocks; i++)
        if (strcmp(m->blocks[i].id, id) == 0)
            return &m->blocks[i];
    return NULL;
}

am_group *approach_model_group(approach_model *m, const char *id)
{
    size_t i;

    for (i = 0; id != NULL && i < m->ngroups; i++)
        if (strcmp(m->groups[i].id, id) == 0)
            return &m->groups[i];
    return NULL;
}

am_member *approach_model_member(approach_model *m, const char *group_id, const char *person_id)
{
    size_t i;

    for (i = 0; i < m->nmembers; i++)
        if (strcmp(m->members[i].group_id, group_id) == 0 &&
            strcmp(m->members[i].person_id, person_id) == 0)
            return &m->members[i];
    return NULL;
}

int approach_model_has_person(const approach_model *m, const char *person_id)
{
    size_t i;

    for (i = 0; i < m->npeople; i++)
        if (strcmp(m->people[i], person_id) == 0)
            return 1;
    return 0;
}

int approach_model_steps_in(const approach_model *m, const char *phase_id)
{
    size_t i;
    int n = 0;

    for (i = 0; i < m->nsteps; i++)
        if (m->steps[i].position > 0 && strcmp(m->steps[i].phase_id, phase_id) == 0)
            n++;
    return n;
}

void approach_model_clear(approach_model *m)
{
    if (m == NULL)
        return;
    free(m->phases);
    free(m->steps);
    free(m->blocks);
    free(m->groups);
    free(m->members);
    free(m->people);
    memset(m, 0, sizeof(*m));
}
