#ifndef KOERS_CASEDESK_OPEN311_XML_H
#define KOERS_CASEDESK_OPEN311_XML_H

#include <jansson.h>

/* Open311 GeoReport v2's XML, written from the JSON document of the same
 * answer (pure: no I/O). The standard names the elements: a document is
 * wrapped in `root` (services, service_definition, service_requests,
 * errors, discovery); an array's items are named by the element that holds
 * it (services/service, service_requests/request, errors/error,
 * attributes/attribute, values/value, endpoints/endpoint,
 * formats/format); an object's members become child elements in their
 * order. A null member is left out, booleans are true/false, numbers
 * their shortest decimal form. Text is escaped (& < > " ') and characters
 * XML 1.0 does not allow (control characters, U+FFFE, U+FFFF) become
 * U+FFFD, so the result is always well-formed UTF-8. */

/* The XML document (with its declaration) of doc under root: a new string
 * the caller frees, or NULL when out of memory or when root or a member
 * name is not an XML name. */
char *open311_xml_write(const json_t *doc, const char *root);

/* The element name of the items of an array held by `container` ("service"
 * for "services", ...; "item" for a name the standard does not know). */
const char *open311_xml_item_name(const char *container);

#endif
