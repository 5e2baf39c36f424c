def test_data_load_loads_then_reports_unchanged(runner, postcode_index_path):
    first = runner.invoke(args=["data", "load"])
    assert first.exit_code == 0, first.output
    assert "spending: 2308 rows loaded" in first.output
    assert "places: 3044 rows loaded" in first.output
    second = runner.invoke(args=["data", "load"])
    assert "spending: 2308 rows unchanged" in second.output
    forced = runner.invoke(args=["data", "load", "--force"])
    assert "national: 16 rows loaded" in forced.output


def test_data_group_has_help(runner):
    result = runner.invoke(args=["data", "--help"])
    assert result.exit_code == 0
    for command in ("load", "import-centres", "reports", "approve-report", "reject-report"):
        assert command in result.output
