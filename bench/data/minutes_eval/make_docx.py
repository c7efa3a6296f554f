"""Builds the two word-signin cases (dev/d08_*.docx, heldout/h08_*.docx) with python-docx.

The text below was written by hand; this script only lays it out as a Word record the way a
community office types one: title, header block, a 签到表 table, headed sections, speeches as
"姓名（身份，单位）：" paragraphs, and a page header that a text export repeats mid-document.
Run: python3 make_docx.py   (needs python-docx)
"""
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Pt

HERE = Path(__file__).resolve().parent

DOCS = {}

DOCS["dev/d08_shequ_tingche.docx"] = {
    "page_header": "天山街道“有事来协商”会议记录",
    "title": "天山社区老旧院落停车难问题协商会议记录",
    "header": [
        "时间：2026年7月8日（星期三）上午9:30",
        "地点：天山社区党群服务中心三楼会议室",
        "主持人：黄志刚",
        "记录人：赵晨",
    ],
    "signin": [
        ("黄志刚", "天山街道办事处", "副主任"),
        ("王丽", "天山社区居委会", "主任"),
        ("刘洋", "区政协委员（德正律师事务所）", "律师"),
        ("周建军", "区住房和城乡建设局", "物业管理科科长"),
        ("钱学文", "区公安分局交警大队", "秩序科副科长"),
        ("吴晓红", "区机关事务服务中心", "综合科科长"),
        ("杨波", "区城市管理局", "市政科干部"),
        ("冯军", "顺泊停车管理有限公司", "经理"),
        ("孙德胜", "华强小区", "居民代表"),
        ("郑红梅", "纺机宿舍", "居民代表"),
        ("陈玉芬", "华强路", "居民"),
        ("蒋欣", "区政协社会法制和民族宗教委员会", "干部"),
        ("何平", "天山派出所", "社区民警"),
        ("赵晨", "天山社区居委会", "工作人员"),
    ],
    "sections": [
        ("一、情况介绍", [
            "王丽（主任，天山社区居委会）：天山社区有华强小区、纺机宿舍、供销社宿舍三个老旧院落，都是上世纪九十年代建的，没有规划停车位。三个院落共有住户812户，登记的小汽车有430多辆，院内能停的不到120辆。晚上大量车辆停在华强路两侧和院内消防通道上，居民矛盾很大，今年社区收到停车相关的投诉和求助78件。社区周边可以利用的资源主要有两处：一是华强路北侧原粮站的闲置地块，约3200平方米；二是区级机关大院停车场，晚上基本是空的。需要说明的是，原粮站那块地产权属于区粮食储备中心，社区和街道都不能直接使用。",
        ]),
        ("二、讨论发言", [
            "刘洋（区政协委员，德正律师事务所）：我和蒋欣同志前期调研了三次。我的建议是“挖潜、共享、规范”三条腿走路：挖潜就是用好粮站地块，建临时停车场；共享就是推动机关单位停车场夜间向居民开放；规范就是对路边停车划线管理，同时清理院子里的僵尸车。粮站地块要签一个临时使用协议，把期限、退出条件写清楚，避免以后扯皮。",
            "周建军（科长，区住房和城乡建设局）：老旧小区改造今年有一个停车设施的专项，粮站地块如果能签下来，硬化、划线、照明可以申请纳入改造项目。另外，院内的停车秩序，三个院落都没有物业，建议引入专业的停车管理公司，先把院子里的车管起来。",
            "钱学文（副科长，区公安分局交警大队）：华强路是城市支路，宽度12米，北侧可以施划夜间临时泊位，晚上8点到早上7点半允许停放，大概能划60个。但是南侧有公交站和学校，不能划。",
            "吴晓红（科长，区机关事务服务中心）：机关大院停车场有140个车位，夜间开放我们原则上支持，但是涉及安全管理，需要登记车辆、办理通行卡，早上7点半前必须驶离，不然影响上班。这个我们回去要报领导，但方向上是可以的。",
        ]),
        ("PAGEBREAK", []),
        ("", [
            "孙德胜（居民代表，华强小区）：我代表华强小区说一下，大家最盼的就是有地方停车。粮站那块地荒了好多年了，杂草比人高，早就该用起来。我赞成。",
            "郑红梅（居民代表，纺机宿舍）：建停车场我赞成，但是我反对收费。我们纺机宿舍都是退休职工，停了一辈子的车不要钱，现在一个月要交一百多块，很多人接受不了。公共的地方，凭啥子要收钱？",
            "冯军（经理，顺泊停车管理有限公司）：我解释一下，停车场建起来要有人管，要有照明、保洁、保安，这些都是成本。我们测算过，如果按月租，每月150元左右可以保本。当然价格最终要政府定。",
            "郑红梅（居民代表，纺机宿舍）：150太贵了，我还是不同意收这个钱。",
            "陈玉芬（居民，华强路）：我家就在华强路边上一楼，我担心晚上路边停满了车，半夜开关车门、按喇叭，吵得睡不着。",
            "钱学文（副科长，区公安分局交警大队）：夜间泊位我们可以避开住户窗户集中的那一段，同时立禁鸣标志。",
            "陈玉芬（居民，华强路）：避开我们那一段就行，那我没意见了。",
            "杨波（干部，区城市管理局）：僵尸车的问题，城管这边可以配合，但是需要社区先摸清楚底数，车主能联系上的先通知自行处理，联系不上的再按程序拖移。",
            "黄志刚（主持人，天山街道办事处）：周科长，院内停车秩序的问题，请你们住建局下周先到三个院落实地看一下，给个引入停车管理的意见。",
            "周建军（科长，区住房和城乡建设局）：好的。",
        ]),
        ("三、会议议定事项", [
            "经协商，会议议定如下：",
            "（一）利用原粮站闲置地块建设临时停车场，由天山街道办事处牵头与区粮食储备中心协调，8月15日前签订临时使用协议；",
            "（二）区机关事务服务中心负责做好机关大院停车场夜间向周边居民开放的准备工作，8月1日起试行，实行登记和通行卡管理，早上7:30前驶离；",
            "（三）区公安分局交警大队负责两周内完成华强路北侧夜间临时泊位的施划，避开住户集中路段并设置禁鸣标志；",
            "（四）社区居委会负责一个月内完成三个院落僵尸车的摸排登记，区城市管理局配合按程序处置；",
            "（五）停车场实行低价收费，顺泊停车管理有限公司于下周五前提出收费测算方案，收费标准经征求居民意见后确定。",
            "郑红梅同志对收费仍持不同意见，会后由社区上门做好解释工作。",
        ]),
    ],
    "footer": "（以上记录未经本人审阅）",
}


def build(path, spec):
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(12)
    doc.sections[0].header.paragraphs[0].text = spec["page_header"]
    t = doc.add_paragraph()
    t.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = t.add_run(spec["title"])
    r.bold = True
    r.font.size = Pt(16)
    for line in spec["header"]:
        doc.add_paragraph(line)
    doc.add_paragraph("签到表")
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("序号", "姓名", "单位", "职务")):
        cell.text = text
    for i, (name, unit, duty) in enumerate(spec["signin"], 1):
        row = table.add_row().cells
        row[0].text, row[1].text, row[2].text, row[3].text = str(i), name, unit, duty
    for heading, paras in spec["sections"]:
        if heading == "PAGEBREAK":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            # the header text as it comes out in a copy-paste / text export of page 2
            doc.add_paragraph(spec["page_header"] + "    第2页")
            continue
        if heading:
            h = doc.add_paragraph()
            h.add_run(heading).bold = True
        for p in paras:
            doc.add_paragraph(p)
    if spec.get("footer"):
        doc.add_paragraph(spec["footer"])
    out = HERE / path
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(out)
    print("wrote", out)


if __name__ == "__main__":
    for path, spec in DOCS.items():
        build(path, spec)
