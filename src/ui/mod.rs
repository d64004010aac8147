//! One file per pane; panes only draw.
