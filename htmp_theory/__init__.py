"""htmp_theory: the high-temperature Marchenko-Pastur law and high-temperature beta-ensembles."""
