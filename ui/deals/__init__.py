"""The Deals area: every imported deal, filterable and sortable, with its contacts."""
