"""The self-contained HTML report (`outputs/report.html`): documents, alignments and the graph."""
