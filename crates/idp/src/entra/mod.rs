//! Microsoft Entra ID: its request shapes and its lifecycle scenarios.
