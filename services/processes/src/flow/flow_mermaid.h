#ifndef KOERS_PROCESSES_FLOW_MERMAID_H
#define KOERS_PROCESSES_FLOW_MERMAID_H

#include "flow/flow_picture.h"
#include "flow/flow_text.h"

/* Writes the picture of a flow as Mermaid text to out (lanes assigned:
 * flow_picture_assign_lanes): `flowchart LR` with accTitle and accDescr,
 * a subgraph per lane (lane1, lane2, ... in the order of the lanes) with
 * a node per step (s1, s2, ... by position: "N. name", the role under it
 * when the lane is a team, and the open bottlenecks' count and top score
 * under that), an edge from each step to the next (a hand-off between
 * lanes dotted and labelled "hand-off"), and a class per priority band on
 * the marked steps. Every user string is escaped for Mermaid (see
 * flow_mermaid_escape); the same picture gives the same bytes. */
void flow_mermaid_write(const flow_picture *pic, flow_text *out);

/* Appends s for a quoted Mermaid label: " # & < > and ` as Mermaid's
 * entity codes (#quot; #35; #amp; #lt; #gt; #96;), control characters
 * (line breaks among them) as spaces. */
void flow_mermaid_escape(flow_text *out, const char *s);

#endif
