/* libFuzzer target: the CSV export writer of surveys (export_csv, RFC 4180
 * with the formula guard of export_csv_text), as a property: what it
 * writes, parsed back by the strict RFC 4180 reader below, gives the
 * records and fields that went in.
 *
 * Input: records separated by "\n", fields by "\t"; a field starting with
 * "\x01" is written with export_csv_text (respondents' free text: a
 * leading = + - @ tab or CR gets an apostrophe, which the reader expects),
 * the others with export_csv_field. Fields may hold commas, quotes, CR,
 * LF (written as "\x02"), any bytes but NUL. */
/* SERVICE: surveys */
/* LINK: results/export_csv.c */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "results/export_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads one field of csv at *pos into out (room for the whole csv);
 * *end_of_record is 1 when CRLF followed it. -1 when the text is not
 * RFC 4180. */
static int read_field(const char *csv, size_t len, size_t *pos, char *out, int *end_of_record)
{
    size_t i = *pos, o = 0;

    if (i < len && csv[i] == '"') {
        for (i++;; i++) {
            if (i >= len)
                return -1;
            if (csv[i] == '"') {
                if (i + 1 < len && csv[i + 1] == '"') {
                    out[o++] = '"';
                    i++;
                    continue;
                }
                i++;
                break;
            }
            out[o++] = csv[i];
        }
    } else {
        for (; i < len && csv[i] != ',' && csv[i] != '\r'; i++) {
            if (csv[i] == '"' || csv[i] == '\n')
                return -1;
            out[o++] = csv[i];
        }
    }
    out[o] = '\0';
    if (i < len && csv[i] == ',') {
        *end_of_record = 0;
        i++;
    } else if (i + 1 < len && csv[i] == '\r' && csv[i + 1] == '\n') {
        *end_of_record = 1;
        i += 2;
    } else {
        return -1;
    }
    *pos = i;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *in = malloc(size + 1), *rec, *rec_next, *field, *field_next, *got = NULL, *csv = NULL;
    export_csv c = {0};
    size_t len = 0, pos = 0, k;
    int end = 0;

    if (in == NULL)
        return 0;
    memcpy(in, data, size);
    in[size] = '\0';
    if (strlen(in) != size)
        goto out; /* a C string field holds no NUL */
    for (k = 0; k < size; k++) {
        if (in[k] == '\x02')
            in[k] = '\n';
    }
    /* write: every record has at least one field */
    for (rec = in; rec != NULL; rec = rec_next) {
        rec_next = strchr(rec, '\n');
        if (rec_next != NULL)
            *rec_next++ = '\0';
        for (field = rec; field != NULL; field = field_next) {
            field_next = strchr(field, '\t');
            if (field_next != NULL)
                *field_next++ = '\0';
            if (field[0] == '\x01')
                export_csv_text(&c, field + 1);
            else
                export_csv_field(&c, field);
            if (field_next != NULL)
                field_next[-1] = '\t';
        }
        export_csv_end_row(&c);
        if (rec_next != NULL)
            rec_next[-1] = '\n';
    }
    csv = export_csv_take(&c, &len);
    if (csv == NULL || strlen(csv) != len)
        abort();
    got = malloc(len + 1);
    if (got == NULL)
        goto out;
    /* read back and compare, field by field */
    for (rec = in; rec != NULL; rec = rec_next) {
        rec_next = strchr(rec, '\n');
        if (rec_next != NULL)
            *rec_next++ = '\0';
        for (field = rec; field != NULL; field = field_next) {
            const char *want = field;
            field_next = strchr(field, '\t');
            if (field_next != NULL)
                *field_next++ = '\0';
            if (read_field(csv, len, &pos, got, &end) != 0)
                abort();
            if (want[0] == '\x01') {
                want++;
                if (want[0] != '\0' && strchr("=+-@\t\r", want[0]) != NULL) {
                    if (got[0] != '\'')
                        abort(); /* a formula reached the spreadsheet */
                    memmove(got, got + 1, strlen(got));
                }
            }
            if (strcmp(got, want) != 0 || end != (field_next == NULL))
                abort();
        }
    }
    if (pos != len)
        abort();
out:
    free(got);
    free(csv);
    free(in);
    return 0;
}
