"""A run records the machine it was configured on by its processor, never by a path."""

from __future__ import annotations

from alexnet.config.machine import cpu_model, machine_record

CPUINFO = """processor\t: 0
vendor_id\t: GenuineIntel
model name\t: Intel(R) Xeon(R) Processor
flags\t\t: fpu avx512f
"""


def test_the_processor_is_named_as_proc_cpuinfo_names_it():
    assert cpu_model(CPUINFO) == "Intel(R) Xeon(R) Processor"


def test_without_a_model_name_the_platform_is_asked_and_never_empty():
    assert cpu_model("processor\t: 0\n").strip()


def test_the_record_has_cores_and_processor_and_no_folder():
    record = machine_record()
    assert record["cpu_count"] and record["cpu_model"]
    assert not any("/" in str(value) for value in record.values())
