#!/usr/bin/env python3
"""Build src/laocu_kg/data/surnames.tsv (Chinese single and compound surnames).

Usage (from the repository root; standard library only)::

    python tools/build_surnames.py > src/laocu_kg/data/surnames.tsv

Content, all embedded below so the build needs no download:

* ``BAIJIAXING``: the 百家姓 (Song dynasty, public domain) in its usual
  simplified-character form, 4 characters per phrase.  Two-character halves of
  a phrase that are compound surnames (``BJX_COMPOUNDS``, the same 60 as
  jionlp's ``TWO_CHAR_CHINESE_FAMILY_NAME``) become compound rows, every other
  character a single row.  The traditional ``鬱`` is folded into ``郁``; the
  repeated ``后`` is kept once.
* ``EXTRA_SINGLES``: real single-character surnames absent from the 百家姓 but
  in current use (肖, 付, 代, 闫, 覃, 冼, 庹, 朴, ...), hand-curated and
  cross-checked against the surname lists of Faker (zh_CN/zh_TW person
  providers, MIT) and Mimesis (zh person.json, MIT).  Characters are facts,
  nothing is copied verbatim from those packages.
* ``EXTRA_COMPOUNDS``: further attested compound / multi-character surnames
  (独孤, 纳兰, 完颜, 爱新觉罗, 张简, 范姜, ...).
* ``COMMON_WORD``: surnames that are also very frequent ordinary words,
  function characters or word-initial morphemes in report text (原, 高, 常,
  于, 是, 关, 党, 项, 东方, 第五 ...).  They get ``note=common-word`` so an
  extractor can require more evidence before treating them as a surname.
  Hand-curated, starting from the ambiguous surnames of jionlp 1.5.31
  (``rule/rule_pattern.py``: characters of the first SINGLE_CHINESE_FAMILY_NAME
  list that the second, "unambiguous" list drops; Apache-2.0) and narrowed to
  the ones that are common words in administrative/news prose.

Rows: ``surname  kind  note``; kind is ``single`` or ``compound``; sorted by
kind (single first) then by Unicode code point of the surname.
"""

import sys

BAIJIAXING = (
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
    "戚谢邹喻柏水窦章云苏潘葛奚范彭郎鲁韦昌马苗凤花方俞任袁柳酆鲍史唐"
    "费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮卞齐康伍余元卜顾孟平黄"
    "和穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁"
    "杜阮蓝闵席季麻强贾路娄危江童颜郭梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍"
    "虞万支柯昝管卢莫经房裘缪干解应宗丁宣贲邓郁单杭洪包诸左石崔吉钮龚"
    "程嵇邢滑裴陆荣翁荀羊於惠甄曲家封芮羿储靳汲邴糜松井段富巫乌焦巴弓"
    "牧隗山谷车侯宓蓬全郗班仰秋仲伊宫宁仇栾暴甘钭厉戎祖武符刘景詹束龙"
    "叶幸司韶郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴鬱胥能苍双"
    "闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍郤璩桑桂濮牛寿通边扈燕冀郏浦尚农"
    "温别庄晏柴瞿阎充慕连茹习宦艾鱼容向古易慎戈廖庾终暨居衡步都耿满弘"
    "匡国文寇广禄阙东欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空"
    "曾毋沙乜养鞠须丰巢关蒯相查后荆红游竺权逯盖益桓公万俟司马上官欧阳"
    "夏侯诸葛闻人东方赫连皇甫尉迟公羊澹台公冶宗政濮阳淳于单于太叔申屠"
    "公孙仲孙轩辕令狐钟离宇文长孙慕容鲜于闾丘司徒司空亓官司寇仉督子车"
    "颛孙端木巫马公西漆雕乐正壤驷公良拓跋夹谷宰父谷梁晋楚闫法汝鄢涂钦"
    "段干百里东郭南门呼延归海羊舌微生岳帅缑亢况后有琴梁丘左丘东门西门"
    "商牟佘佴伯赏南宫墨哈谯笪年爱阳佟第五言福"
)

BJX_COMPOUNDS = (
    "万俟 司马 上官 欧阳 夏侯 诸葛 闻人 东方 赫连 皇甫 尉迟 公羊 澹台 公冶 宗政 "
    "濮阳 淳于 单于 太叔 申屠 公孙 仲孙 轩辕 令狐 钟离 宇文 长孙 慕容 鲜于 闾丘 "
    "司徒 司空 亓官 司寇 子车 颛孙 端木 巫马 公西 漆雕 乐正 壤驷 公良 拓跋 夹谷 "
    "宰父 谷梁 段干 百里 东郭 南门 呼延 羊舌 微生 梁丘 左丘 东门 西门 南宫 第五"
).split()

FOLD = {"鬱": "郁"}  # traditional form in some editions; simplified already listed

EXTRA_SINGLES = (
    # very common modern surnames missing from the 百家姓
    "肖付代闫兰官门户来过及是原么亓眭覃谌揭庹冼仝帖智尉粟植练侍漆朴"
    # regional / minority / less common but attested
    "邸禤操檀菅郄邝区麦达回撒脱纳铁拜买鲜綦遆骞杞郇伞剧寸但丛崇初刀第"
    "奉苻敬靖巨旷栗楼冒母木南丘萨隋随台仵续寻衣银玉苑郓恽展战占招盘"
    "禚蹇矫畅苌迟豆苟辜赫虎隽麴渠卿税宛位忻冶员召沐揣承芦鹿保仓黑普"
    "种妥喇介斯由海归伯赏督宾尧粘鄞闭呼库修留佀逢甯锁虢琚弋俎罕闾延淦雒"
    "骈麋浑肇戢秘玄睢郅郯邳祢"
    # ancient clan surnames that appear in historical text
    "芈嬴姒妫郈爨"
)

EXTRA_COMPOUNDS = (
    "归海 伯赏 独孤 纳兰 完颜 贺兰 贺若 达奚 斛律 尔朱 乞伏 秃发 沮渠 "
    "东里 南郭 北宫 太史 叔孙 季孙 孟孙 王孙 公输 公仪 公叔 子桑 褚师 相里 "
    "即墨 东野 仲长 司城 毌丘 张简 范姜 张廖 "
    "爱新觉罗 叶赫那拉 钮祜禄 瓜尔佳 富察"
).split()

COMMON_WORD = set(
    # function characters / grammatical words
    "于於及过来是从和向有那都后时别连由但随"
    # very frequent word-initial morphemes in administrative and news prose
    "原高常金文武万关党项公法国家全单干经管解应宣包程支符印能通农扶居"
    "周卫施华水章云苏马花方任费毕安乐齐余元平黄明计成谈纪祝季强路危江"
    "林山车班司双边充广东利巩曾相查权督商年严许何尤范尚门户官代第区回"
    "达初展占战承位员银南台铁税介巨召招买纳脱保黑普种妥修留延秘"
) | {"东方", "第五", "百里", "东门", "西门", "南门", "长孙", "王孙", "太史", "单于", "司空", "公孙"}


def collect():
    singles, compounds = set(), set()
    text = BAIJIAXING
    assert len(text) % 4 == 0, len(text)
    for i in range(0, len(text), 4):
        for half in (text[i : i + 2], text[i + 2 : i + 4]):
            if half in BJX_COMPOUNDS:
                compounds.add(half)
            else:
                singles.update(FOLD.get(c, c) for c in half)
    baijiaxing = set(singles) | set(compounds)
    singles.update(EXTRA_SINGLES)
    compounds.update(EXTRA_COMPOUNDS)
    unknown = COMMON_WORD - singles - compounds
    if unknown:
        raise SystemExit("COMMON_WORD entries that are not surnames: " + "".join(sorted(unknown)))
    return singles, compounds, baijiaxing


def main():
    singles, compounds, bjx = collect()
    rows = [(s, "single") for s in sorted(singles)] + [(s, "compound") for s in sorted(compounds)]
    ncw = sum(1 for s, _ in rows if s in COMMON_WORD)
    w = sys.stdout.write
    w(
        "# Chinese surnames: kind single|compound; note=common-word marks surnames that are also"
        " frequent ordinary words.\n"
    )
    w(
        f"# Sources: 百家姓 (public domain text, {len(bjx)} distinct simplified entries);"
        " hand-curated additions of attested surnames,\n"
    )
    w(
        "#   cross-checked against Faker zh_CN/zh_TW and Mimesis zh surname lists (MIT);"
        " ambiguity hints from\n"
    )
    w("#   jionlp 1.5.31 rule/rule_pattern.py (Apache-2.0). See SOURCES.md.\n")
    w("# Generated by: python tools/build_surnames.py > src/laocu_kg/data/surnames.tsv\n")
    w(f"# Counts: single={len(singles)}, compound={len(compounds)}, common-word={ncw}\n")
    w("surname\tkind\tnote\n")
    for s, kind in rows:
        note = "common-word" if s in COMMON_WORD else ""
        w(f"{s}\t{kind}\t{note}\n")


if __name__ == "__main__":
    main()
