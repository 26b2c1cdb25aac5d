"""Observations: one reported level of an indicator, with its quote."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .problem import Problem, read_table

FILE = "observations.csv"
COLUMNS = ["id", "indicator", "region", "period", "value", "unit", "qualifier", "source", "quote", "note"]
REQUIRED = ["id", "indicator", "region", "period", "value", "unit", "qualifier", "source", "quote"]
ID_PATTERN = r"^o\d{3}-\d{3,}$"

# Regions, as data/README.md documents them: China, a province-level division (English names as the
# translations write them), a sub-provincial city, or a group the text names ("16 key provinces").
PROVINCES = (
    "Beijing", "Tianjin", "Hebei", "Shanxi", "Inner Mongolia", "Liaoning", "Jilin", "Heilongjiang", "Shanghai",
    "Jiangsu", "Zhejiang", "Anhui", "Fujian", "Jiangxi", "Shandong", "Henan", "Hubei", "Hunan", "Guangdong",
    "Guangxi", "Hainan", "Chongqing", "Sichuan", "Guizhou", "Yunnan", "Tibet", "Shaanxi", "Gansu", "Qinghai",
    "Ningxia", "Xinjiang", "Hong Kong", "Macao", "Taiwan",
)
CITIES = (
    "Harbin", "Changchun", "Shenyang", "Dalian", "Jinan", "Qingdao", "Nanjing", "Hangzhou", "Ningbo", "Xiamen",
    "Wuhan", "Guangzhou", "Shenzhen", "Chengdu", "Xi'an", "Suzhou",
)
REGIONS = frozenset(("China",) + PROVINCES + CITIES)
GROUP = re.compile(r"^\d+ (?:[a-z]+ )*(?:provinces|cities|regions|municipalities)$")
REGION_RULE = ("expected China, a province-level division (e.g. Zhejiang, Inner Mongolia), "
               "a sub-provincial city (e.g. Shenzhen), or a group such as '16 key provinces'")


def is_known_region(name: str) -> bool:
    return name in REGIONS or bool(GROUP.match(name))


def load(data_dir: Path) -> tuple[pd.DataFrame, list[Problem]]:
    return read_table(data_dir / FILE, COLUMNS, FILE)
