"""Synthetic reports in the genre, for scale benchmarks only (never for quality claims).

    python benchmarks/synth.py OUT_DIR [--reports N] [--seed S]

Deterministic: the same seed and count give the same files, byte for byte. Names are invented (a surname
from the surname lexicon + one or two given-name characters); places are real (the divisions lexicon);
the texts follow the genre's shapes: a headline, a dateline, a first paragraph with a chain of officials
(政协副主席、省老促会会长XXX), lists of deputies, a survey itinerary through real counties and townships,
former posts (原…), a commendation and filler sentences. Each province keeps a pool of officials who
recur across reports, so identity and timelines have something to join. About 1,000 characters a report.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from laocu_kg.extract.lexicon import load_lexicon

GIVEN = ("立伟 文禄 改朵 子玉 云 修德 作仕 新才 向东 建国 海波 丽娜 振山 小燕 志恒 振 友松 天存 卫东 立华 "
         "明 华 强 军 平 红 丽 敏 静 伟 芳 娟 秀英 桂英 国庆 建华 志强 永刚 海燕 春梅 德胜 玉兰 "
         "文斌 晓东 继红 福生 宝山 长青 耀先 克勤 守仁 光明 学军 秋生 金凤 满仓 树林 振华 正清").split()
TOPICS = ("重点工作推进", "老区振兴发展", "红色资源保护利用", "乡村振兴", "宣传工作", "老区精神传承",
          "产业帮扶", "年度工作总结", "理论研究", "助学帮扶")
EVENTS = ("座谈会", "工作会议", "推进会", "理事会", "培训班", "交流会")
FILLER = (
    "会议指出,要深入学习贯彻党的二十大精神,牢记初心使命,扎实做好服务老区、支持老区各项工作。",
    "会议强调,全省老促会系统要进一步统一思想、凝聚力量,为革命老区振兴发展贡献智慧与力量。",
    "与会人员围绕老区产业发展、红色资源保护利用和乡村振兴等议题进行了深入交流,提出了许多具有建设性的意见建议。",
    "大家一致认为,老促会要发挥好参谋助手、桥梁纽带、宣传推介和招商引资的作用,把各项工作做深做实。",
    "近年来,当地依托红色资源发展乡村旅游和特色产业,老区群众收入持续增加,基础设施明显改善。",
    "会议回顾总结了年度重点工作推进情况,安排部署了当前和今后一段时期的重点任务。",
    "调研组充分肯定了当地在老区建设方面取得的成绩,并就下一步工作提出了具体建议。",
    "各级老促会要坚持问题导向,深入基层开展调查研究,形成一批有分量的调研报告。",
    "要讲好老区故事,传承红色基因,持续扩大老区宣传的覆盖面和影响力。",
    "会上还通报了宣传工作先进集体与个人的表彰决定,并对下一阶段的宣传工作作了安排。",
)
ASSOC = ("会长", "常务副会长", "副会长", "秘书长", "副秘书长", "常务理事")
GOV = {"province": ("副省长", "政协副主席", "人大常委会副主任"), "prefecture": ("市长", "副市长", "市委副书记")}


@dataclass
class Province:
    name: str
    short: str
    cities: list[tuple[str, list[str]]]  # (prefecture, its counties)
    townships: dict[str, list[str]]  # county → townships
    officials: list[str]  # the association's officials (recur across reports)
    locals_: list[str]


def _name(rng: random.Random, surnames: list[str]) -> str:
    return rng.choice(surnames) + rng.choice(GIVEN)


def provinces(seed: int = 0) -> list[Province]:
    """Every province with prefectures and counties, and a fixed pool of invented officials."""
    lex = load_lexicon()
    rng = random.Random(seed)
    surnames = sorted(lex.surnames - lex.common_word_surnames)
    children: dict[str, list] = {}
    for d in sorted(lex.divisions.values(), key=lambda d: d.code):
        children.setdefault(d.parent, []).append(d)
    out = []
    for p in children.get("", []):
        if p.level != "province" or p.name.endswith(("特别行政区", "台湾省")):
            continue
        cities = []
        townships: dict[str, list[str]] = {}
        for c in children.get(p.code, []):
            if c.level != "prefecture":
                continue
            counties = [k for k in children.get(c.code, []) if k.level == "county" and not k.name.endswith("区")]
            if counties:
                cities.append((c.name, [k.name for k in counties]))
                for k in counties:
                    townships[k.name] = [t.name for t in children.get(k.code, []) if t.level == "township"]
        if not cities:
            continue
        names = sorted({_name(rng, surnames) for _ in range(40)})
        locals_ = sorted({_name(rng, surnames) for _ in range(200)} - set(names))
        out.append(Province(p.name, p.short or p.name, cities, townships, names, locals_))
    return out


def report(i: int, provs: list[Province], seed: int = 0) -> tuple[str, str]:
    """Report number ``i``: (file name, text)."""
    rng = random.Random(seed * 1_000_003 + i)
    p = provs[i % len(provs)]
    city, counties = rng.choice(p.cities)
    county = rng.choice(counties)
    year = 2019 + (i // len(provs)) % 7
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    topic, event = rng.choice(TOPICS), rng.choice(EVENTS)
    off = rng.sample(p.officials, 8)
    loc = rng.sample(p.locals_, 6)
    city_short = city[:-1] if city.endswith("市") and len(city) > 2 else city
    kind = rng.random()
    paras = []
    if kind < 0.6:
        head = f"{p.name}老促会{topic}{event}在{city_short}召开"
        paras.append(head)
        paras.append(f"({year}年{month}月{day}日)")
        gov = rng.choice(GOV["province"])
        paras.append(
            f"{month}月{day}日,{p.name}老促会在{city}召开{topic}{event}。{p.name}{gov}、省老促会会长{off[0]}出席会议并讲话,"
            f"{city_short}市委副书记、市长{loc[0]}致辞,省老促会常务副会长兼秘书长{off[1]}主持会议,"
            f"副会长{off[2]}、{off[3]}、{off[4]}出席会议。原省老促会会长{off[5]}应邀出席。"
        )
    else:
        head = f"{p.name}老促会赴{county}调研{topic}工作"
        paras.append(head)
        paras.append(f"({year}年{month}月{day}日)")
        paras.append(
            f"近日,{p.name}老促会副会长{off[2]}带领调研组一行{rng.randint(3, 9)}人来{county}调研{topic}工作。"
            f"{city}老促会会长{loc[1]},{county}委副书记、县长{loc[2]}等陪同调研。"
        )
        towns = p.townships.get(county) or []
        if len(towns) >= 2:
            a, b = rng.sample(towns, 2)
            paras.append(f"调研组先后深入{county}{a}、{b}等地,实地察看红色旧址保护、乡村旅游发展和特色产业培育情况,"
                         "走访慰问了老党员和老红军后代。")
        paras.append(f"在随后召开的座谈会上,{loc[2]}介绍了{county}经济社会发展和老区建设情况。"
                     f"{county}老促会会长{loc[3]}汇报了县老促会近年来的工作,秘书长{loc[4]}作了补充发言。")
    body = []
    while sum(map(len, paras)) + sum(map(len, body)) < 900:
        body.append(rng.choice(FILLER))
    paras.append("".join(body))
    if rng.random() < 0.5:
        paras.append(f"会议表彰了{rng.randint(5, 30)}个先进集体和{rng.randint(10, 60)}名先进个人,"
                     f"{city}老促会获评先进集体,{loc[5]}获评“优秀通讯员”。")
    paras.append(f"(通讯员 {loc[5]})")
    return f"{i:05d}_{p.short}.txt", "\n".join(paras) + "\n"


def generate(out_dir: str | Path, n: int, seed: int = 0) -> list[Path]:
    """Write ``n`` reports into ``out_dir`` (kept when already there with the same content)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    provs = provinces(seed)
    paths = []
    for i in range(n):
        name, text = report(i, provs, seed)
        p = out / name
        data = text.encode("utf-8")
        if not p.exists() or p.read_bytes() != data:
            p.write_bytes(data)
        paths.append(p)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    paths = generate(args.out, args.reports, args.seed)
    chars = sum(len(p.read_text(encoding="utf-8")) for p in paths)
    print(f"wrote {len(paths)} reports, {chars:,} characters, to {args.out}")


if __name__ == "__main__":
    sys.exit(main())
