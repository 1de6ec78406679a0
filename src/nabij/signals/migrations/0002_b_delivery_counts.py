from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("signals", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="delivery",
            name="known",
            field=models.PositiveIntegerField(default=0, verbose_name="already known"),
        ),
        migrations.AddField(
            model_name="delivery",
            name="linked",
            field=models.PositiveIntegerField(default=0, verbose_name="linked"),
        ),
        migrations.AddField(
            model_name="delivery",
            name="uncertain",
            field=models.PositiveIntegerField(default=0, verbose_name="to decide"),
        ),
        migrations.AddField(
            model_name="delivery",
            name="not_found",
            field=models.PositiveIntegerField(default=0, verbose_name="not found"),
        ),
        migrations.AddField(
            model_name="delivery",
            name="cases_opened",
            field=models.PositiveIntegerField(default=0, verbose_name="cases opened"),
        ),
        migrations.AddField(
            model_name="delivery",
            name="cases_extended",
            field=models.PositiveIntegerField(default=0, verbose_name="cases extended"),
        ),
    ]
